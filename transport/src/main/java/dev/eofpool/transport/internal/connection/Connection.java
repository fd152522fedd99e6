package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLSocket;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.WriteTimeoutException;
import dev.eofpool.transport.internal.io.BufferPools;
import dev.eofpool.transport.internal.io.Wire;
import dev.eofpool.transport.internal.io.WireReader;
import dev.eofpool.transport.internal.io.WireWriter;
import dev.eofpool.transport.internal.pool.PooledConnection;

/**
 * One socket's life: the channel, its TLS layer, the bounds of its blocking calls, the idle probe and the close. The
 * bytes go through its {@link #reader()} and {@link #writer()}, which call this connection as their {@link Wire} and
 * borrow their buffers from the transport's {@link BufferPools} while bytes move (an idle connection holds none: see
 * {@link #releaseBuffers()}); the phases of an exchange set the bounds through {@link PhaseDeadlines}.
 * <p>
 * Used by one thread at a time (the one leasing it); only {@link #closeSocket()} may come from another thread (the
 * pool, the evictor, leak detection, the {@link IoWatchdog}).
 * <p>
 * Over TLS, reads and writes go through an {@link SSLSocket} layered on the channel's socket ({@link TlsLayer}); the
 * raw channel is kept for the idle probe and for closing (see {@link #probe()}). A request with a body is watched for
 * the server's early answer by an {@link EarlyAnswerWatch}, created on the first such request.
 */
public final class Connection extends PooledConnection implements Wire {

	/** The bounds of the blocking calls, set by the phases of an exchange. */
	private final CallBounds bounds;

	private final SocketChannel channel;

	/** The TLS side, or {@code null} for a plain connection. */
	private final TlsLayer tls;

	private final InetAddress address;

	private final InputStream in;

	private final OutputStream out;

	/** Whether the socket was closed (by anyone); set once, by {@link #CLOSED}'s compare-and-set. */
	private volatile boolean closed;

	private final WireReader reader;

	private final WireWriter writer;

	/** The {@link IoWatchdog}'s deadline of the blocking call in progress, or 0 (leasing thread writes, it reads). */
	private volatile long ioUntil;

	/** Set by the {@link IoWatchdog} when it closed the socket because a read or write outlived its deadline. */
	private volatile boolean timedOut;

	/** Whether this connection is in the {@link IoWatchdog}'s set (leasing thread only). */
	private boolean watched;

	private static final java.lang.invoke.VarHandle IO_UNTIL = FieldHandles.of(java.lang.invoke.MethodHandles.lookup(),
			"ioUntil", long.class);

	private static final java.lang.invoke.VarHandle CLOSED = FieldHandles.of(java.lang.invoke.MethodHandles.lookup(),
			"closed", boolean.class);

	/**
	 * The watch for an early answer, created by the first request with a body ({@code null} before): a request
	 * without body never pays for it. Written by the leasing thread, read by the {@link IoWatchdog}.
	 */
	private volatile EarlyAnswerWatch answerWatch;

	/**
	 * A connection over the channel, through the TLS socket layered on {@code raw} when {@code tls} is not null.
	 * @param ticker the transport's clock: deadlines are computed on it
	 * @param raw the channel's socket as the TLS socket reads it, telling a TCP close without {@code close_notify}
	 * @param buffers lend the reader's and the writer's buffers while bytes move
	 */
	Connection(Route route, Ticker ticker, long createdNanos, SocketChannel channel, SSLSocket tls, RawSocket raw,
			BufferPools buffers) throws IOException {
		super(route, createdNanos);
		this.bounds = new CallBounds(ticker);
		this.channel = channel;
		this.tls = (tls != null) ? new TlsLayer(tls, channel.socket().getInputStream(), raw) : null;
		Socket socket = (tls != null) ? tls : channel.socket();
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
		socket.setSoTimeout(0); // reads are bounded by the IoWatchdog
		this.reader = new WireReader(this, route, buffers.reads());
		this.writer = new WireWriter(this, (tls != null) ? buffers.tlsWrites() : buffers.writes());
		this.address = channel.socket().getInetAddress();
	}

	/** The address this connection reached (the proxy's for a route through one). */
	@Override
	public InetAddress address() {
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

	/**
	 * Gives the reader's and the writer's buffers back as the connection may go idle: called by the leasing thread
	 * after the response ended with nothing unread and nothing unsent, before the pool may hand the connection to
	 * another thread (which then borrows its own). An idle connection needs no buffer: the probe looks at the socket.
	 */
	void releaseBuffers() {
		this.reader.releaseBuffer();
		this.writer.releaseBuffer(this);
	}

	/**
	 * Gives the buffers back dropping what they hold, once the connection is closed (or about to be) and no longer
	 * in the pool's books; called by the thread that leased it, never by a thread closing it from outside.
	 */
	public void discardBuffers() {
		this.reader.discardBuffer();
		this.writer.discardBuffer(this);
	}

	/** The clock this connection's deadlines are computed on. */
	Ticker ticker() {
		return this.bounds.ticker();
	}

	/** The bounds of the blocking calls, which the phases set ({@link PhaseDeadlines}). Leasing thread only. */
	CallBounds bounds() {
		return this.bounds;
	}

	/**
	 * One blocking read, ended by the {@link IoWatchdog} when it outlives the call limit or the read deadline: the
	 * socket is then closed and the read fails with a {@link SocketTimeoutException}. Response bytes the early-answer
	 * watch decoded are returned first.
	 */
	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		return receive(b, off, len, null, 0);
	}

	/** A plain connection reads into and writes from two arrays in one call on the channel; TLS works by records. */
	@Override
	public boolean vectored() {
		return this.tls == null;
	}

	/** One read into {@code b}, then {@code spill}, bounded as {@link #read(byte[], int, int)}; TLS fills only b. */
	@Override
	public int read(byte[] b, int off, int len, byte[] spill, int spillLen) throws IOException {
		return receive(b, off, len, (this.tls == null) ? spill : null, spillLen);
	}

	private int receive(byte[] b, int off, int len, byte[] spill, int spillLen) throws IOException {
		EarlyAnswerWatch watch = this.answerWatch;
		if (watch != null && watch.hasKept()) {
			return watch.readKept(b, off, len);
		}
		long until = this.bounds.callDeadline(true);
		if (until != 0) {
			publish(until);
		}
		int n;
		try {
			n = (spill == null) ? this.in.read(b, off, len)
					: ChannelIo.readScattered(this.channel, b, off, len, spill, spillLen);
		}
		catch (IOException ex) {
			this.ioUntil = 0;
			if (this.timedOut) {
				// the watchdog's close carries the timeout out, it is no cause: callers look for this type at the root
				throw new SocketTimeoutException("Read timed out");
			}
			throw ChannelIo.interrupted(ex, "reading from", route());
		}
		// the deadline is taken back by compare-and-set, as the watchdog takes it (to 0) before it closes: if it was
		// first, it is closing the socket under the bytes just read, so the read timed out (never kept when closed)
		long seen = until;
		while (seen != 0 && !IO_UNTIL.compareAndSet(this, seen, 0L)) {
			seen = this.ioUntil; // moved on by the watchdog (an early-answer check), or taken
		}
		if (seen == 0 && until != 0) {
			throw new SocketTimeoutException("Read timed out");
		}
		return n;
	}

	/**
	 * One blocking write, bounded by the call limit like a read; a write that outlives it fails as a write timeout.
	 * While an early answer is watched for ({@link #watchForAnswer()}), the {@link EarlyAnswerWatch} slices the bound
	 * of a write past the request's first bytes into checks, and a write it stopped fails saying the server answered.
	 */
	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		send(null, 0, b, off, len);
	}

	/** Both parts in one blocking write, bounded as {@link #write(byte[], int, int)}; over TLS one after the other. */
	@Override
	public void write(byte[] first, int firstLen, byte[] second, int off, int len) throws IOException {
		if (this.tls != null) {
			Wire.super.write(first, firstLen, second, off, len);
			return;
		}
		send(first, firstLen, second, off, len);
	}

	/** The bytes of {@code head} (unless {@code null}, plain only) then those of {@code b}, in one bounded write. */
	private void send(byte[] head, int headLen, byte[] b, int off, int len) throws IOException {
		long until = this.bounds.callDeadline(false);
		EarlyAnswerWatch watch = this.answerWatch;
		boolean sliced = watch != null && watch.slices(headLen + len);
		if (sliced) {
			publish(watch.beginSlicedWrite(until));
		}
		else if (until != 0) {
			publish(until);
		}
		try {
			if (head == null) {
				this.out.write(b, off, len);
			}
			else {
				ChannelIo.writeFully(this.channel, head, headLen, b, off, len);
			}
		}
		catch (IOException ex) {
			if (watch != null) {
				watch.writeFailed();
				if (watch.answered()) {
					throw new IOException(watch.stoppedMessage(), ex);
				}
			}
			if (this.timedOut) {
				throw new WriteTimeoutException("Write timed out after " + this.bounds.callLimitMillis()
						+ " ms sending to " + route() + " (the server stopped reading)");
			}
			throw ChannelIo.interrupted(ex, "writing to", route());
		}
		finally {
			if (until != 0 || sliced) {
				this.ioUntil = 0;
				if (sliced) {
					watch.endSlicedWrite();
				}
			}
		}
	}

	/**
	 * Starts watching the request's writes for an early answer (RFC 9112 9.5): a server that answers and stops
	 * reading (see {@link EarlyAnswerWatch}).
	 */
	void watchForAnswer() {
		EarlyAnswerWatch watch = this.answerWatch;
		if (watch == null) {
			watch = new EarlyAnswerWatch(route(), this.channel, this.in, this.tls);
			this.answerWatch = watch;
		}
		watch.start();
	}

	/** Ends the watch of {@link #watchForAnswer()}, after any TLS decoding started for it. */
	void endAnswerWatch() {
		EarlyAnswerWatch watch = this.answerWatch;
		if (watch != null) {
			watch.end();
		}
	}

	/** Whether the upload was stopped because the server had answered. */
	boolean answeredEarly() {
		EarlyAnswerWatch watch = this.answerWatch;
		return watch != null && watch.answered();
	}

	/** Whether a write on the wire failed (a reset, a broken pipe) since the watch began. */
	boolean writeFailed() {
		EarlyAnswerWatch watch = this.answerWatch;
		return watch != null && watch.hasWriteFailed();
	}

	@Override
	public void flush() throws IOException {
		this.out.flush();
	}

	@Override
	public int available() throws IOException {
		EarlyAnswerWatch watch = this.answerWatch;
		return (watch != null && watch.hasKept()) ? watch.keptAvailable() : this.in.available();
	}

	@Override
	public boolean decrypts() {
		return this.tls != null;
	}

	/**
	 * Over TLS, whether the TLS socket's end of stream came from the TCP close rather than a {@code close_notify}
	 * (see {@link RawSocket}).
	 */
	@Override
	public boolean endedWithoutCloseNotify() {
		return this.tls != null && this.tls.endedWithoutCloseNotify();
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

	/** The deadline of the blocking read or write in progress, or 0 (for the {@link IoWatchdog}). */
	long ioUntil() {
		return this.ioUntil;
	}

	/**
	 * The deadline {@code seen} (not 0) of the read or write in progress passed (called by the {@link IoWatchdog},
	 * unlocked). For a request-body write checked for an early answer, a passed check that is not the write's own
	 * deadline is the {@link EarlyAnswerWatch}'s ({@link EarlyAnswerWatch#checkDue}), which may stop the upload, and
	 * the next check is published. Else the call is ended by closing the socket.
	 * <p>
	 * Race: the call may end, and another start, while this runs; the deadline is changed only by a compare-and-set on
	 * the value seen, so a later call's deadline is never overwritten, and the socket is closed only if taking the
	 * deadline back (to 0) wins over the read that ends (which takes it back the same way) or over a new call.
	 */
	void ioTimedOut(long seen) {
		EarlyAnswerWatch watch = this.answerWatch;
		if (watch != null) {
			long next = watch.checkDue(seen);
			if (next != 0) {
				IO_UNTIL.compareAndSet(this, seen, next);
				return;
			}
		}
		if (IO_UNTIL.compareAndSet(this, seen, 0L)) {
			this.timedOut = true;
			closeSocket();
		}
	}

	/** Leaves the {@link IoWatchdog}'s set without closing: the socket was handed over to another connection. */
	void handedOver() {
		IoWatchdog.INSTANCE.unwatch(this);
		this.watched = false;
	}

	/** Looks at the idle socket without blocking (see {@link IdleProbe}); buffered bytes are unsolicited too. */
	@Override
	protected CloseReason probe() {
		if (this.reader.bufferedBytes() > 0) {
			return CloseReason.UNSOLICITED_BYTES;
		}
		return IdleProbe.probe(this.channel, this.in, this.tls);
	}

	@Override
	protected void closeSocket() {
		if (CLOSED.compareAndSet(this, false, true)) {
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
		return this.closed;
	}

	@Override
	public String toString() {
		return "Connection[" + route() + ", local port " + this.channel.socket().getLocalPort()
				+ ((this.tls != null) ? ", " + this.tls.session().getProtocol() : "") + "]";
	}
}
