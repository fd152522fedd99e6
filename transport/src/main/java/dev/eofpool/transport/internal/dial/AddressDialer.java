package dev.eofpool.transport.internal.dial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.eofpool.transport.AddressFilter;
import dev.eofpool.transport.AddressRefusedException;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Resolver;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;

/**
 * Dials a host: resolves it through the {@link Resolver}, drops the addresses the {@link AddressFilter} refuses,
 * orders the rest with the host's {@link AddressBook} (round robin over the healthy ones, recently failed ones last,
 * IPv6 and IPv4 interleaved) and races them ({@link DialRace}) in the RFC 8305 way on the calling thread: non-blocking
 * connects watched by one selector, the next attempt started when the previous has not connected within the stagger
 * (at once when it failed), the first to connect wins and the others are closed. An address that failed, or that a
 * later attempt outran after a whole stagger, is remembered as failed and tried after the others until its memory
 * expires. The connect timeout bounds the whole dial from its first connect attempt; the look-up before it is bounded by
 * the resolver alone. A failure names every address tried and what happened to each.
 */
public final class AddressDialer {

	/** Prepares a new channel before it connects (socket options). */
	@FunctionalInterface
	public interface SocketSetup {

		void configure(SocketChannel channel) throws IOException;
	}

	private final Ticker ticker;

	private final Resolver resolver;

	private final AddressFilter filter;

	private final long staggerNanos;

	private final long memoryNanos;

	private final TransportConfig config;

	private final PoolListener events;

	private final Map<String, AddressBook> books = new ConcurrentHashMap<>();

	/**
	 * @param config the resolver, filter, stagger, failure memory, clock and per-host refresh periods
	 * @param events told of failed attempts and raced dials (called on the dialling thread, no lock held)
	 */
	public AddressDialer(TransportConfig config, PoolListener events) {
		this.config = config;
		this.ticker = config.ticker();
		this.resolver = config.resolver();
		this.filter = config.addressFilter();
		this.staggerNanos = config.connectStagger().toNanos();
		this.memoryNanos = config.addressFailureMemory().toNanos();
		this.events = events;
	}

	AddressBook book(String host) {
		return this.books.computeIfAbsent(host.toLowerCase(Locale.ROOT), (h) -> new AddressBook());
	}

	/** The hosts dialled so far and their books (for DNS refresh). */
	Map<String, AddressBook> books() {
		return this.books;
	}

	/** The resolver in use. */
	Resolver resolver() {
		return this.resolver;
	}

	/** The addresses of {@code host} remembered as failed now (for health and tests). */
	public Set<InetAddress> failedAddresses(String host) {
		AddressBook book = this.books.get(host.toLowerCase(Locale.ROOT));
		return (book != null) ? book.failedAt(this.ticker.nanoTime()) : Set.of();
	}

	/**
	 * Connects to {@code host:port} for {@code route} ({@code what} is "" or "proxy of "), returning a connected
	 * channel in blocking mode.
	 * @throws UnknownHostException when the host does not resolve
	 * @throws AddressRefusedException when the address filter refused every address (nothing was dialled)
	 * @throws SocketTimeoutException when no attempt connected within the timeout
	 * @throws ConnectException when every attempt failed
	 * @throws InterruptedIOException when the thread was interrupted (its interrupt status stays set)
	 */
	public SocketChannel open(Route route, String host, int port, String what, Duration timeout, SocketSetup setup)
			throws IOException {
		return open(route, host, port, what, timeout, setup, CallListener.NONE);
	}

	/**
	 * {@link #open(Route, String, int, String, Duration, SocketSetup)}, telling {@code listener} of the lookup and of
	 * each attempt (nothing is measured for {@link CallListener#NONE}).
	 */
	public SocketChannel open(Route route, String host, int port, String what, Duration timeout, SocketSetup setup,
			CallListener listener) throws IOException {
		boolean told = listener != CallListener.NONE;
		long dnsStart = 0;
		if (told) {
			dnsStart = this.ticker.nanoTime();
			listener.dnsStart(route, host);
		}
		List<InetAddress> resolved;
		UnknownHostException unresolved = null;
		try {
			resolved = this.resolver.resolve(host);
			if (resolved == null || resolved.isEmpty()) {
				unresolved = new UnknownHostException("Cannot resolve host of " + what + route
						+ ": the resolver returned no address for " + host);
			}
		}
		catch (UnknownHostException ex) {
			unresolved = new UnknownHostException("Cannot resolve host of " + what + route + ": " + ex.getMessage());
			unresolved.initCause(ex);
			resolved = null;
		}
		if (unresolved != null) {
			if (told) {
				listener.dnsEnd(route, host, List.of(), unresolved, this.ticker.nanoTime() - dnsStart);
			}
			throw unresolved;
		}
		if (told) {
			listener.dnsEnd(route, host, resolved, null, this.ticker.nanoTime() - dnsStart);
		}
		List<InetAddress> allowed = new ArrayList<>(resolved.size());
		List<InetAddress> refused = new ArrayList<>();
		for (InetAddress a : resolved) {
			(this.filter.allows(host, a) ? allowed : refused).add(a);
		}
		if (allowed.isEmpty()) {
			throw new AddressRefusedException("Connect to " + what + route + " refused by the address filter: "
					+ host + " resolved to " + texts(refused) + ", none of which may be connected to", host, refused);
		}
		long now = this.ticker.nanoTime();
		AddressBook book = book(host);
		if (what.isEmpty()) {
			book.dialled(route, this.config.settingsFor(route.host(), route.port()).dnsRefreshInterval().toNanos(), now);
		}
		List<InetAddress> plan = book.plan(allowed, now);
		DialRace race = new DialRace(this.ticker, this.events, this.staggerNanos, this.memoryNanos, route, what, port,
				plan, now + timeout.toNanos(), timeout, book, refused, listener);
		return race.run(setup);
	}

	private static String texts(List<InetAddress> addresses) {
		List<String> out = new ArrayList<>(addresses.size());
		for (InetAddress a : addresses) {
			out.add(a.getHostAddress());
		}
		return String.join(", ", out);
	}
}
