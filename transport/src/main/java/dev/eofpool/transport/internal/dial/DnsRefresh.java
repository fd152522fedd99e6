package dev.eofpool.transport.internal.dial;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.pool.AddressRetirement;

/**
 * Resolves hosts again on their {@code dnsRefreshInterval} and retires the connections to addresses gone from the
 * answer (absent from two answers in a row, see {@link AddressBook#answered}). Its {@link #step(long)} takes the time
 * as a parameter; the pool's background eviction thread runs it, without the pool lock, since resolving blocks.
 * A failed resolution retires nothing (a DNS outage must not close every connection).
 */
public final class DnsRefresh {

	private static final System.Logger LOG = System.getLogger(DnsRefresh.class.getName());

	private final AddressDialer dialer;

	private final AddressRetirement addresses;

	/** Refreshes the hosts {@code dialer} dialled, retiring their connections through {@code addresses}. */
	public DnsRefresh(AddressDialer dialer, AddressRetirement addresses) {
		this.dialer = dialer;
		this.addresses = addresses;
	}

	/**
	 * Refreshes every host due at {@code now}.
	 * @return nanoseconds until the next host is due, or {@link Long#MAX_VALUE} when none refreshes
	 */
	public long step(long now) {
		long next = Long.MAX_VALUE;
		for (Map.Entry<String, AddressBook> e : this.dialer.books().entrySet()) {
			AddressBook book = e.getValue();
			long due = book.refreshDue(now);
			if (due == 0) {
				refresh(e.getKey(), book);
				due = book.untilRefresh(now);
			}
			next = Math.min(next, due);
		}
		return next;
	}

	private void refresh(String host, AddressBook book) {
		List<InetAddress> answer;
		try {
			answer = this.dialer.resolver().resolve(host);
		}
		catch (UnknownHostException | RuntimeException ex) {
			LOG.log(System.Logger.Level.DEBUG, "eofpool DNS refresh of " + host + " failed; nothing retired", ex);
			return;
		}
		if (answer == null || answer.isEmpty()) {
			return;
		}
		Set<InetAddress> gone = book.answered(answer);
		if (gone.isEmpty()) {
			return;
		}
		for (Route route : book.routes) {
			this.addresses.retireAddresses(route, gone);
			for (InetAddress a : gone) {
				this.addresses.notifyListeners((PoolListener l) -> l.addressRetired(route, a));
			}
		}
	}
}
