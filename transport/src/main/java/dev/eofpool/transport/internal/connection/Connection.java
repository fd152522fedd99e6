package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.WriteTimeoutException;
import dev.eofpool.transport.internal.io.Wire;
import dev.eofpool.transport.internal.io.WireReader;
import dev.eofpool.transport.internal.io.WireWriter;
import dev.eofpool.transport.internal.pool.PooledConnection;

/**
 * One socket's life: the channel, its TLS layer, the bounds of its blocking calls, the idle probe and the close. The
 * bytes go through its {@link #reader()} and {@link #writer()}, which call this connection as their {@link Wire}; the
 * phases of an exchange set the bounds through {@link PhaseDeadlines}.
 * <p>
 * Used by one thread at a time (the one leasing it); only {@link #closeSocket()} may come from another thread (the
 * pool, the evictor, leak detection, the {@link IoWatchdog}).
 * <p>
 * Over TLS, reads and writes go through an {@link SSLSocket} layered on the channel's socket; the raw channel is kept
 * for the idle probe and for closing (see {@link #probe()}).
 */
public final class Connection extends PooledConnection implements Wire {

	private final Ticker ticker;

	/** Whether {@link #ticker} is the {@link IoWatchdog}'s clock, so deadlines need no translation. */
	private final boolean watchdogClock;

	private final SocketChannel channel;

	private final java.net.InetAddress address;

	/** The socket reads and writes go through: the channel's own, or the TLS socket layered on it. */
	private final Socket socket;

	/** The TLS socket, or {@code null} for a plain connection. */
	private final SSLSocket tls;

	/** The raw (undecrypted) input of a TLS connection, for the probe; {@code null} for a plain one. */
	private final InputStream rawIn;

	private final InputStream in;

	private final OutputStream out;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final WireReader reader;

	private final WireWriter writer;

	/** How long each blocking read and write may take, in milliseconds (0: unbounded). Leasing thread only. */
	private int callLimitMillis;

	/** Whether {@link #readDeadline} bounds the following reads. Leasing thread only. */
	private boolean readDeadlineSet;

	/** The {@link #ticker} time by which every blocking read must have returned, when {@link #readDeadlineSet}. */
	private long readDeadline;

	/**
	 * The {@link IoWatchdog}'s time by which the blocking read or write in progress must end, or 0 when none is
	 * (written by the leasing thread, read by the watchdog).
	 */
	private volatile long ioUntil;

	/** Set by the {@link IoWatchdog} when it closed the socket because a read or write outlived its deadline. */
	private volatile boolean timedOut;

	/** Whether this connection is in the {@link IoWatchdog}'s set (leasing thread only). */
	private boolean watched;

	/**
	 * A connection over the channel, through the TLS socket layered on it when {@code tls} is not null.
	 * @param ticker the transport's clock: deadlines are computed on it
	 */
	Connection(Route route, Ticker ticker, long createdNanos, SocketChannel channel, SSLSocket tls)
			throws IOException {
		super(route, createdNanos);
		this.ticker = ticker;
		this.watchdogClock = (ticker == IoWatchdog.INSTANCE.ticker());
		this.channel = channel;
		this.tls = tls;
		this.socket = (tls != null) ? tls : channel.socket();
		this.rawIn = (tls != null) ? channel.socket().getInputStream() : null;
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
		this.socket.setSoTimeout(0); // reads are bounded by the IoWatchdog
		this.reader = new WireReader(this, route);
		this.writer = new WireWriter(this);
		this.address = channel.socket().getInetAddress();
	}

	/** The address this connection reached (the proxy's for a route through one). */
	@Override
	public java.net.InetAddress address() {
		return this.address;
	}

	/** The buffered reader of this connection's bytes. */
	public WireReader reader() {
		return this.reader;
	}

	/** The buffered writer to this connection. */
	public WireWriter writer() {
		return this.writer;
	}

	/** The clock this connection's deadlines are computed on. */
	Ticker ticker() {
		return this.ticker;
	}

	/** The TLS session, or {@code null} for a plain connection. */
	public SSLSession tlsSession() {
		return (this.tls != null) ? this.tls.getSession() : null;
	}

	/** Whether this connection speaks TLS. */
	public boolean isTls() {
		return this.tls != null;
	}

	/** Bounds each following blocking read and write to {@code millis} milliseconds (0: unbounded). */
	void limitEachCall(int millis) {
		this.callLimitMillis = millis;
	}

	/** The bound of each blocking read and write in milliseconds (0: unbounded). */
	int callLimitMillis() {
		return this.callLimitMillis;
	}

	/**
	 * Bounds the following blocking reads by one deadline on {@link #ticker()}, however steadily bytes arrive: each
	 * read waits at most until it; one that would start after it fails at once with a {@link SocketTimeoutException}.
	 */
	void readsEndBy(long deadlineNanos) {
		this.readDeadline = deadlineNanos;
		this.readDeadlineSet = true;
	}

	/** Lifts the deadline of {@link #readsEndBy}. */
	void noReadDeadline() {
		this.readDeadlineSet = false;
	}

	/** Whether a deadline of {@link #readsEndBy} is set and has passed. */
	boolean readDeadlinePassed() {
		return this.readDeadlineSet && this.readDeadline - this.ticker.nanoTime() <= 0;
	}

	/**
	 * One blocking read, ended by the {@link IoWatchdog} when it outlives the call limit or the read deadline: the
	 * socket is then closed and the read fails with a {@link SocketTimeoutException}.
	 */
	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		long until = callDeadline(true);
		if (until == 0) {
			return readOrTimeout(b, off, len);
		}
		publish(until);
		try {
			return readOrTimeout(b, off, len);
		}
		finally {
			this.ioUntil = 0;
		}
	}

	private int readOrTimeout(byte[] b, int off, int len) throws IOException {
		try {
			return this.in.read(b, off, len);
		}
		catch (IOException ex) {
			if (this.timedOut) {
				// the watchdog's close is how the timeout is carried out, not a cause: callers look for this type
				// at the root of the chain, as with a socket timeout
				throw new SocketTimeoutException("Read timed out");
			}
			throw interrupted(ex, "reading from");
		}
	}

	/** One blocking write, bounded by the call limit like a read; a write that outlives it fails as a write timeout. */
	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		long until = callDeadline(false);
		if (until != 0) {
			publish(until);
		}
		try {
			this.out.write(b, off, len);
		}
		catch (IOException ex) {
			if (this.timedOut) {
				throw new WriteTimeoutException("Write timed out after " + this.callLimitMillis + " ms sending to "
						+ route() + " (the server stopped reading)");
			}
			throw interrupted(ex, "writing to");
		}
		finally {
			if (until != 0) {
				this.ioUntil = 0;
			}
		}
	}

	@Override
	public void flush() throws IOException {
		this.out.flush();
	}

	@Override
	public int available() throws IOException {
		return this.in.available();
	}

	@Override
	public boolean decrypts() {
		return this.tls != null;
	}

	/**
	 * When the blocking call about to start must end, on the {@link IoWatchdog}'s clock: the call limit from now, or
	 * the read deadline when sooner (reads only); 0 for no bound. A deadline on another ticker is carried over as the
	 * time left of it.
	 * @throws SocketTimeoutException when the read deadline has passed already
	 */
	private long callDeadline(boolean read) throws SocketTimeoutException {
		boolean deadline = read && this.readDeadlineSet;
		if (this.callLimitMillis <= 0 && !deadline) {
			return 0;
		}
		long now = this.ticker.nanoTime();
		long left;
		if (deadline) {
			left = this.readDeadline - now;
			if (left <= 0) {
				throw new SocketTimeoutException("Read deadline passed");
			}
			if (this.callLimitMillis > 0) {
				left = Math.min(left, this.callLimitMillis * 1_000_000L);
			}
		}
		else {
			left = this.callLimitMillis * 1_000_000L;
		}
		long until = (this.watchdogClock ? now : IoWatchdog.INSTANCE.ticker().nanoTime()) + left;
		return (until != 0) ? until : 1; // 0 means "no call in progress"
	}

	/** Tells the {@link IoWatchdog} when the blocking call about to start must end. */
	private void publish(long until) {
		if (!this.watched) {
			IoWatchdog.INSTANCE.watch(this);
			this.watched = true;
		}
		this.ioUntil = until;
		IoWatchdog.INSTANCE.deadlinePublished(until);
	}

	/**
	 * An interrupt closes a channel in a blocking call with a message-less {@link ClosedByInterruptException}: it
	 * becomes an {@link InterruptedIOException} naming the route. Other exceptions are returned as they are.
	 */
	private IOException interrupted(IOException ex, String what) {
		if (!(ex instanceof ClosedByInterruptException)) {
			return ex;
		}
		InterruptedIOException interrupted = new InterruptedIOException("Interrupted while " + what + " " + route());
		interrupted.initCause(ex);
		return interrupted;
	}

	/** The deadline of the blocking read or write in progress, or 0 (for the {@link IoWatchdog}). */
	long ioUntil() {
		return this.ioUntil;
	}

	/** Ends the read or write in progress: it outlived its deadline (called by the {@link IoWatchdog}, unlocked). */
	void ioTimedOut() {
		this.timedOut = true;
		closeSocket();
	}

	/** Leaves the {@link IoWatchdog}'s set without closing: the socket was handed over to another connection. */
	void handedOver() {
		IoWatchdog.INSTANCE.unwatch(this);
		this.watched = false;
	}

	/**
	 * Looks at the idle socket without blocking: a peer that closed it shows end of stream, a peer that sent bytes
	 * nobody asked for shows data. Either way the connection must not be reused.
	 * <p>
	 * Over TLS a non-blocking read of the channel would consume encrypted bytes the TLS socket needs, so the probe
	 * looks before it reads: decrypted bytes already inside the TLS socket are unsolicited data; with no encrypted
	 * bytes waiting either ({@code FIONREAD} on the raw socket), a one-byte non-blocking read of the channel can only
	 * see the end of stream or nothing, and consumes nothing that matters. When encrypted bytes are waiting (a
	 * {@code close_notify}, unsolicited data, or a post-handshake message such as a late session ticket), the TLS
	 * socket decodes them with a 1 ms budget: end of stream means the server closed, data means unsolicited bytes, and a
	 * timeout means only handshake messages were pending, so the connection is still good.
	 * <p>
	 * Race: bytes may arrive between the look and the raw read. The read then takes the first byte of a TLS record,
	 * the stream can no longer be decrypted, and the probe reports unsolicited bytes so the connection is closed. Bytes
	 * arriving on an idle connection are nearly always a {@code close_notify}, so nothing reusable is lost.
	 */
	@Override
	protected CloseReason probe() {
		if (this.reader.bufferedBytes() > 0) {
			return CloseReason.UNSOLICITED_BYTES;
		}
		try {
			if (this.tls != null) {
				if (this.in.available() > 0) {
					return CloseReason.UNSOLICITED_BYTES;
				}
				if (this.rawIn.available() > 0) {
					return probeTlsRecords();
				}
			}
			int n;
			this.channel.configureBlocking(false);
			try {
				n = this.channel.read(ByteBuffer.allocate(1));
			}
			finally {
				this.channel.configureBlocking(true);
			}
			if (n < 0) {
				return CloseReason.SERVER_CLOSED_IDLE;
			}
			return (n > 0) ? CloseReason.UNSOLICITED_BYTES : null;
		}
		catch (IOException ex) {
			return CloseReason.SERVER_CLOSED_IDLE;
		}
	}

	/** Lets the TLS socket decode the records waiting on an idle connection, for at most 1 ms. */
	private CloseReason probeTlsRecords() throws IOException {
		this.socket.setSoTimeout(1);
		try {
			int b = this.in.read();
			return (b < 0) ? CloseReason.SERVER_CLOSED_IDLE : CloseReason.UNSOLICITED_BYTES;
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		finally {
			this.socket.setSoTimeout(0);
		}
	}

	@Override
	protected void closeSocket() {
		if (this.closed.compareAndSet(false, true)) {
			IoWatchdog.INSTANCE.unwatch(this);
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// nothing left to do with it
			}
		}
	}

	/** Whether the socket was closed (by anyone). */
	public boolean isClosed() {
		return this.closed.get();
	}

	@Override
	public String toString() {
		return "Connection[" + route() + ", local port " + this.channel.socket().getLocalPort()
				+ ((this.tls != null) ? ", " + this.tls.getSession().getProtocol() : "") + "]";
	}
}
