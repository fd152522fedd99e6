package dev.eofpool.transport.internal.dial;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;

import dev.eofpool.transport.Route;

/**
 * What the transport remembers of one host's addresses: a round-robin cursor (so new connections spread over the
 * addresses), the addresses that failed to connect recently (tried last until their memory expires), and, for DNS
 * refresh, the addresses seen and how many answers in a row each was missing from. Guarded by its own lock, held only
 * for bookkeeping (never during resolution or I/O).
 */
final class AddressBook {

	private final ReentrantLock lock = new ReentrantLock();

	/** The direct routes dialled to this host (for DNS refresh); written on each dial, read by the refresh. */
	final Set<Route> routes = new CopyOnWriteArraySet<>();

	// lock: the next plan's rotation
	private int cursor;

	// lock: address -> ticker time until which it counts as failed
	private final Map<InetAddress, Long> failedUntil = new HashMap<>();

	// lock: addresses seen in an answer and not retired since, with the answers in a row each has been missing from
	private final Map<InetAddress, Integer> seen = new HashMap<>();

	// lock: the refresh period (the shortest of the host's routes; 0: off) and when the next refresh is due
	private long refreshNanos;

	private long refreshAt;

	/**
	 * The order in which to try {@code resolved} at {@code now}: the addresses not recently failed first, rotated one
	 * step further on each call, then the recently failed ones, oldest failure first; within each group IPv6 and IPv4
	 * alternate starting with the family of the group's first address (RFC 8305, section 4).
	 */
	List<InetAddress> plan(List<InetAddress> resolved, long now) {
		List<InetAddress> healthy = new ArrayList<>();
		List<InetAddress> failed = new ArrayList<>();
		this.lock.lock();
		try {
			for (InetAddress address : new LinkedHashSet<>(resolved)) {
				this.seen.putIfAbsent(address, 0);
				Long until = this.failedUntil.get(address);
				if (until != null && until - now > 0) {
					failed.add(address);
				}
				else {
					if (until != null) {
						this.failedUntil.remove(address);
					}
					healthy.add(address);
				}
			}
			if (!healthy.isEmpty()) {
				int start = Math.floorMod(this.cursor++, healthy.size());
				List<InetAddress> rotated = new ArrayList<>(healthy.subList(start, healthy.size()));
				rotated.addAll(healthy.subList(0, start));
				healthy = rotated;
			}
			failed.sort(Comparator.comparingLong((InetAddress a) -> this.failedUntil.get(a) - now));
		}
		finally {
			this.lock.unlock();
		}
		List<InetAddress> plan = interleave(healthy);
		plan.addAll(interleave(failed));
		return plan;
	}

	/** Alternates IPv6 and IPv4 addresses, keeping each family's order, starting with the first address's family. */
	static List<InetAddress> interleave(List<InetAddress> addresses) {
		List<InetAddress> v6 = new ArrayList<>();
		List<InetAddress> v4 = new ArrayList<>();
		for (InetAddress a : addresses) {
			((a instanceof Inet6Address) ? v6 : v4).add(a);
		}
		if (v6.isEmpty() || v4.isEmpty()) {
			return new ArrayList<>(addresses);
		}
		boolean sixFirst = addresses.get(0) instanceof Inet6Address;
		List<InetAddress> first = sixFirst ? v6 : v4;
		List<InetAddress> second = sixFirst ? v4 : v6;
		List<InetAddress> out = new ArrayList<>(addresses.size());
		for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
			if (i < first.size()) {
				out.add(first.get(i));
			}
			if (i < second.size()) {
				out.add(second.get(i));
			}
		}
		return out;
	}

	/** {@code address} failed to connect at {@code now}: it is tried after the others for {@code memoryNanos}. */
	void failed(InetAddress address, long now, long memoryNanos) {
		if (memoryNanos <= 0) {
			return;
		}
		this.lock.lock();
		try {
			this.failedUntil.put(address, now + memoryNanos);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** {@code address} connected: it is healthy again. */
	void connected(InetAddress address) {
		this.lock.lock();
		try {
			this.failedUntil.remove(address);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The addresses remembered as failed at {@code now}. */
	Set<InetAddress> failedAt(long now) {
		this.lock.lock();
		try {
			Set<InetAddress> out = new HashSet<>();
			this.failedUntil.forEach((a, until) -> {
				if (until - now > 0) {
					out.add(a);
				}
			});
			return out;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A direct route of this host was dialled with its refresh period ({@code 0}: off). */
	void dialled(Route route, long refreshNanos, long now) {
		this.routes.add(route);
		if (refreshNanos <= 0) {
			return;
		}
		this.lock.lock();
		try {
			if (this.refreshNanos == 0 || refreshNanos < this.refreshNanos) {
				this.refreshNanos = refreshNanos;
				this.refreshAt = now + refreshNanos;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether a refresh is due at {@code now}; when it is, the next one is planned a period later.
	 * @return {@code 0} when due, else nanoseconds until it is ({@link Long#MAX_VALUE} when refresh is off)
	 */
	long refreshDue(long now) {
		this.lock.lock();
		try {
			if (this.refreshNanos == 0) {
				return Long.MAX_VALUE;
			}
			long wait = this.refreshAt - now;
			if (wait > 0) {
				return wait;
			}
			this.refreshAt = now + this.refreshNanos;
			return 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Nanoseconds from {@code now} until the next refresh, or {@link Long#MAX_VALUE} when refresh is off. */
	long untilRefresh(long now) {
		this.lock.lock();
		try {
			return (this.refreshNanos == 0) ? Long.MAX_VALUE : Math.max(0, this.refreshAt - now);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes a fresh answer: an address it holds is live again; a seen address missing from two answers in a row is
	 * retired (an answer that rotates a subset of live addresses, as some load balancers' do, misses one only now and
	 * then; an address removed for good is missing from every answer).
	 * @return the addresses retired by this answer
	 */
	Set<InetAddress> answered(List<InetAddress> answer) {
		Set<InetAddress> now = new HashSet<>(answer);
		Set<InetAddress> retired = new HashSet<>();
		this.lock.lock();
		try {
			for (InetAddress a : now) {
				this.seen.put(a, 0);
			}
			for (Map.Entry<InetAddress, Integer> e : new ArrayList<>(this.seen.entrySet())) {
				if (!now.contains(e.getKey())) {
					int absent = e.getValue() + 1;
					if (absent >= 2) {
						this.seen.remove(e.getKey());
						this.failedUntil.remove(e.getKey());
						retired.add(e.getKey());
					}
					else {
						this.seen.put(e.getKey(), absent);
					}
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		return retired;
	}
}
