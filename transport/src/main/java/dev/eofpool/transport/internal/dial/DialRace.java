package dev.eofpool.transport.internal.dial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.ConnectAbandonedException;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/**
 * One dial's attempts for {@link AddressDialer}, run on the calling thread in the RFC 8305 way: one address is a
 * blocking connect; several are non-blocking connects watched by one selector, the next started when the previous has
 * not connected within the stagger (at once when it failed), the first to connect wins and the others are closed. It
 * records each address's fate in the host's {@link AddressBook}. Used once, by one thread: its mutable state is
 * confined to that thread and needs no guard.
 */
final class DialRace {

	private final Ticker ticker;

	/** Told of failed attempts and raced dials. */
	private final PoolListener events;

	/** How long an attempt has before the next one starts. */
	private final long staggerNanos;

	/** How long an address that failed is tried after the others. */
	private final long memoryNanos;

	private final Route route;

	private final String what;

	private final int port;

	private final List<InetAddress> plan;

	private final long deadline;

	private final Duration timeout;

	private final AddressBook book;

	/** What happened to each address so far, for the failure's message. */
	private final List<String> outcomes = new ArrayList<>();

	/** The attempts started that have not failed (the winner among them; the race's end closes the others). */
	private final List<Attempt> live = new ArrayList<>();

	/** How many attempts were started. */
	private int started;

	/** Told of each attempt; {@link #told} is false for {@link CallListener#NONE} (nothing measured). */
	private final CallListener listener;

	private final boolean told;

	/** Whether the live attempts were reported as unanswered (the race's end must not report them abandoned). */
	private boolean noAnswerReported;

	/**
	 * A race of {@code plan}'s addresses for {@code route}, to end by {@code deadline} (on {@code ticker}); the
	 * addresses the filter {@code refused} are named in a failure's message.
	 */
	DialRace(Ticker ticker, PoolListener events, long staggerNanos, long memoryNanos, Route route, String what,
			int port, List<InetAddress> plan, long deadline, Duration timeout, AddressBook book,
			List<InetAddress> refused, CallListener listener) {
		this.ticker = ticker;
		this.events = events;
		this.staggerNanos = staggerNanos;
		this.memoryNanos = memoryNanos;
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

	/** Runs the race: returns the winner's channel in blocking mode, or throws naming every address tried. */
	SocketChannel run(AddressDialer.SocketSetup setup) throws IOException {
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
			long end = this.ticker.nanoTime();
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
					if (winner != null && end - a.started >= this.staggerNanos) {
						this.book.failed(a.address, end, this.memoryNanos);
					}
				}
			}
			closeQuietly(selector);
			if (this.started > 1) {
				this.events.dialRaced(this.route, this.started, abandoned);
			}
			if (winner != null) {
				InetAddress reached = winner.socket().getInetAddress();
				this.book.connected(reached);
				winner.configureBlocking(true);
				this.events.dialConnected(this.route, reached);
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

	private SocketChannel loop(Selector selector, AddressDialer.SocketSetup setup) throws IOException {
		int next = 0;
		long nextStart = this.ticker.nanoTime();
		for (;;) {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedIOException("Interrupted while connecting to " + this.what + this.route);
			}
			long now = this.ticker.nanoTime();
			if (now - this.deadline >= 0) {
				throw timedOut();
			}
			if (next < this.plan.size() && (this.live.isEmpty() || now - nextStart >= 0)) {
				InetAddress address = this.plan.get(next++);
				SocketChannel connected = start(selector, address, now, setup);
				if (connected != null) {
					return connected;
				}
				nextStart = now + this.staggerNanos;
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
					nextStart = this.ticker.nanoTime(); // a failure starts the next attempt at once
				}
			}
		}
	}

	/**
	 * One address, nothing to race: a blocking connect within the timeout, as cheap as a plain socket (no
	 * selector); an interrupt closes the channel and ends it at once.
	 */
	private SocketChannel single(InetAddress address, AddressDialer.SocketSetup setup) throws IOException {
		this.started = 1;
		long begun = this.ticker.nanoTime();
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
			this.events.dialConnected(this.route, address);
			if (this.told) {
				this.listener.connectEnd(this.route, target, this.ticker.nanoTime() - begun);
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
		catch (RuntimeException | Error ex) {
			// the setup failed worse than with an IOException (a socket option the runtime lacks): the channel is
			// closed, the failure goes on as it is
			closeQuietly(channel);
			throw ex;
		}
	}

	/** Starts an attempt; returns the channel when it connected at once, else registers it (or records its failure). */
	private SocketChannel start(Selector selector, InetAddress address, long now, AddressDialer.SocketSetup setup)
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
		catch (RuntimeException | Error ex) {
			// not yet among the live attempts the race's end closes, or taken out of them: closed here
			this.live.removeIf((a) -> a.channel == channel);
			closeQuietly(channel);
			throw ex;
		}
	}

	private void attemptFailed(InetAddress address, String outcome, IOException ex, long begun) {
		this.outcomes.add(address.getHostAddress() + ": " + outcome);
		long now = this.ticker.nanoTime();
		this.book.failed(address, now, this.memoryNanos);
		this.events.dialAttemptFailed(this.route, address, ex);
		if (this.told) {
			this.listener.connectFailed(this.route, new InetSocketAddress(address, this.port), ex, now - begun);
		}
	}

	private SocketTimeoutException timedOut() {
		for (Attempt a : this.live) {
			this.outcomes.add(a.address.getHostAddress() + ": no answer");
			long now = this.ticker.nanoTime();
			this.book.failed(a.address, now, this.memoryNanos);
			SocketTimeoutException noAnswer = new SocketTimeoutException("no answer within the connect timeout");
			this.events.dialAttemptFailed(this.route, a.address, noAnswer);
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

	private record Attempt(InetAddress address, SocketChannel channel, long started) {
	}

	private static void closeQuietly(java.io.Closeable c) {
		try {
			c.close();
		}
		catch (IOException ex) {
			// already failing or abandoned
		}
	}}
