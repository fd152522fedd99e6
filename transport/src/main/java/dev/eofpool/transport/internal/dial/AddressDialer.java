package dev.eofpool.transport.internal.dial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.eofpool.transport.AddressFilter;
import dev.eofpool.transport.AddressRefusedException;
import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.ConnectAbandonedException;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Resolver;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;

/**
 * Dials a host: resolves it through the {@link Resolver}, drops the addresses the {@link AddressFilter} refuses,
 * orders the rest with the host's {@link AddressBook} (round robin over the healthy ones, recently failed ones last,
 * IPv6 and IPv4 interleaved) and races them in the RFC 8305 way on the calling thread: non-blocking connects watched
 * by one selector, the next attempt started when the previous has not connected within the stagger (at once when it
 * failed), the first to connect wins and the others are closed. An address that failed, or that a later attempt
 * outran after a whole stagger, is remembered as failed and tried after the others until its memory expires. The
 * connect timeout bounds the whole dial. A failure names every address tried and what happened to each.
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
		Race race = new Race(route, what, port, plan, now + timeout.toNanos(), timeout, book, refused, listener);
		return race.run(setup);
	}

	private static String texts(List<InetAddress> addresses) {
		List<String> out = new ArrayList<>(addresses.size());
		for (InetAddress a : addresses) {
			out.add(a.getHostAddress());
		}
		return String.join(", ", out);
	}

	/** One dial's attempts, run on the calling thread. */
	private final class Race {

		private final Route route;

		private final String what;

		private final int port;

		private final List<InetAddress> plan;

		private final long deadline;

		private final Duration timeout;

		private final AddressBook book;

		private final List<String> outcomes = new ArrayList<>();

		private final List<Attempt> live = new ArrayList<>();

		private int started;

		/** Told of each attempt; {@link #told} is false for {@link CallListener#NONE} (nothing measured). */
		private final CallListener listener;

		private final boolean told;

		/** Whether the live attempts were reported as unanswered (the race's end must not report them abandoned). */
		private boolean noAnswerReported;

		Race(Route route, String what, int port, List<InetAddress> plan, long deadline, Duration timeout,
				AddressBook book, List<InetAddress> refused, CallListener listener) {
			this.listener = listener;
			this.told = listener != CallListener.NONE;
			this.route = route;
			this.what = what;
			this.port = port;
			this.plan = plan;
			this.deadline = deadline;
			this.timeout = timeout;
			this.book = book;
			for (InetAddress a : refused) {
				this.outcomes.add(a.getHostAddress() + ": refused by the address filter");
			}
		}

		SocketChannel run(SocketSetup setup) throws IOException {
			if (this.plan.size() == 1) {
				return single(this.plan.get(0), setup);
			}
			SocketChannel winner = null;
			int abandoned = 0;
			Selector selector = Selector.open();
			try {
				winner = loop(selector, setup);
				return winner;
			}
			finally {
				long end = AddressDialer.this.ticker.nanoTime();
				for (Attempt a : this.live) {
					if (a.channel != winner) {
						closeQuietly(a.channel);
						abandoned++;
						if (this.told && !this.noAnswerReported) {
							this.listener.connectFailed(this.route, new InetSocketAddress(a.address, this.port),
									new ConnectAbandonedException("abandoned: " + ((winner != null)
											? "another address connected first" : "the dial ended")), end - a.started);
						}
						// outrun by a later attempt after a whole stagger: as good as dead (a blackhole), tried last
						if (winner != null && end - a.started >= AddressDialer.this.staggerNanos) {
							this.book.failed(a.address, end, AddressDialer.this.memoryNanos);
						}
					}
				}
				closeQuietly(selector);
				if (this.started > 1) {
					AddressDialer.this.events.dialRaced(this.route, this.started, abandoned);
				}
				if (winner != null) {
					InetAddress reached = winner.socket().getInetAddress();
					this.book.connected(reached);
					winner.configureBlocking(true);
					AddressDialer.this.events.dialConnected(this.route, reached);
					if (this.told) {
						long started = end;
						for (Attempt a : this.live) {
							if (a.channel == winner) {
								started = a.started;
							}
						}
						this.listener.connectEnd(this.route, new InetSocketAddress(reached, this.port), end - started);
					}
				}
			}
		}

		private SocketChannel loop(Selector selector, SocketSetup setup) throws IOException {
			int next = 0;
			long nextStart = AddressDialer.this.ticker.nanoTime();
			for (;;) {
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedIOException("Interrupted while connecting to " + this.what + this.route);
				}
				long now = AddressDialer.this.ticker.nanoTime();
				if (now - this.deadline >= 0) {
					throw timedOut();
				}
				if (next < this.plan.size() && (this.live.isEmpty() || now - nextStart >= 0)) {
					InetAddress address = this.plan.get(next++);
					SocketChannel connected = start(selector, address, now, setup);
					if (connected != null) {
						return connected;
					}
					nextStart = now + AddressDialer.this.staggerNanos;
					continue;
				}
				if (this.live.isEmpty()) {
					throw failed();
				}
				long wait = this.deadline - now;
				if (next < this.plan.size()) {
					wait = Math.min(wait, nextStart - now);
				}
				selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
				Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					Attempt a = (Attempt) key.attachment();
					try {
						if (a.channel.finishConnect()) {
							key.cancel();
							return a.channel;
						}
					}
					catch (IOException ex) {
						key.cancel();
						this.live.remove(a);
						closeQuietly(a.channel);
						attemptFailed(a.address, describe(ex), ex, a.started);
						nextStart = AddressDialer.this.ticker.nanoTime(); // a failure starts the next attempt at once
					}
				}
			}
		}

		/**
		 * One address, nothing to race: a blocking connect within the timeout, as cheap as a plain socket (no
		 * selector); an interrupt closes the channel and ends it at once.
		 */
		private SocketChannel single(InetAddress address, SocketSetup setup) throws IOException {
			this.started = 1;
			long begun = AddressDialer.this.ticker.nanoTime();
			long remainingMillis = Math.max(1, (this.deadline - begun) / 1_000_000);
			InetSocketAddress target = new InetSocketAddress(address, this.port);
			if (this.told) {
				this.listener.connectStart(this.route, target);
			}
			SocketChannel channel = SocketChannel.open();
			try {
				setup.configure(channel);
				channel.socket().connect(target, (int) Math.min(Integer.MAX_VALUE, remainingMillis));
				this.book.connected(address);
				AddressDialer.this.events.dialConnected(this.route, address);
				if (this.told) {
					this.listener.connectEnd(this.route, target, AddressDialer.this.ticker.nanoTime() - begun);
				}
				return channel;
			}
			catch (SocketTimeoutException ex) {
				closeQuietly(channel);
				this.live.add(new Attempt(address, channel, begun));
				SocketTimeoutException timeout = timedOut();
				timeout.initCause(ex);
				throw timeout;
			}
			catch (java.nio.channels.ClosedByInterruptException ex) {
				closeQuietly(channel);
				InterruptedIOException interrupted = new InterruptedIOException("Interrupted while connecting to "
						+ this.what + this.route);
				interrupted.initCause(ex);
				throw interrupted;
			}
			catch (IOException ex) {
				closeQuietly(channel);
				attemptFailed(address, describe(ex), ex, begun);
				ConnectException failed = failed();
				failed.initCause(ex);
				throw failed;
			}
		}

		/** Starts an attempt; returns the channel when it connected at once, else registers it (or records its failure). */
		private SocketChannel start(Selector selector, InetAddress address, long now, SocketSetup setup)
				throws IOException {
			this.started++;
			if (this.told) {
				this.listener.connectStart(this.route, new InetSocketAddress(address, this.port));
			}
			SocketChannel channel = SocketChannel.open();
			try {
				channel.configureBlocking(false);
				setup.configure(channel);
				if (channel.connect(new InetSocketAddress(address, this.port))) {
					this.live.add(new Attempt(address, channel, now));
					return channel;
				}
				this.live.add(new Attempt(address, channel, now));
				channel.register(selector, SelectionKey.OP_CONNECT, this.live.get(this.live.size() - 1));
				return null;
			}
			catch (IOException ex) {
				this.live.removeIf((a) -> a.channel == channel);
				closeQuietly(channel);
				attemptFailed(address, describe(ex), ex, now);
				return null;
			}
		}

		private void attemptFailed(InetAddress address, String outcome, IOException ex, long begun) {
			this.outcomes.add(address.getHostAddress() + ": " + outcome);
			long now = AddressDialer.this.ticker.nanoTime();
			this.book.failed(address, now, AddressDialer.this.memoryNanos);
			AddressDialer.this.events.dialAttemptFailed(this.route, address, ex);
			if (this.told) {
				this.listener.connectFailed(this.route, new InetSocketAddress(address, this.port), ex, now - begun);
			}
		}

		private SocketTimeoutException timedOut() {
			for (Attempt a : this.live) {
				this.outcomes.add(a.address.getHostAddress() + ": no answer");
				long now = AddressDialer.this.ticker.nanoTime();
				this.book.failed(a.address, now, AddressDialer.this.memoryNanos);
				SocketTimeoutException noAnswer = new SocketTimeoutException("no answer within the connect timeout");
				AddressDialer.this.events.dialAttemptFailed(this.route, a.address, noAnswer);
				if (this.told) {
					this.listener.connectFailed(this.route, new InetSocketAddress(a.address, this.port), noAnswer,
							now - a.started);
				}
			}
			this.noAnswerReported = true;
			List<String> untried = new ArrayList<>();
			for (int i = this.started; i < this.plan.size(); i++) {
				untried.add(this.plan.get(i).getHostAddress());
			}
			String rest = untried.isEmpty() ? "" : "; not tried: " + String.join(", ", untried);
			return new SocketTimeoutException("Connect to " + this.what + this.route + " timed out after "
					+ this.timeout.toMillis() + " ms (" + String.join("; ", this.outcomes) + rest + ")");
		}

		private ConnectException failed() {
			return new ConnectException("Connect to " + this.what + this.route + " failed on every address ("
					+ String.join("; ", this.outcomes) + ")");
		}

		private String describe(IOException ex) {
			return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		}
	}

	private record Attempt(InetAddress address, SocketChannel channel, long started) {
	}

	private static void closeQuietly(java.io.Closeable c) {
		try {
			c.close();
		}
		catch (IOException ex) {
			// already failing or abandoned
		}
	}
}
