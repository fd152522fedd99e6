package dev.eofpool.transport.internal.connection;

import java.io.EOFException;
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
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.WriteTimeoutException;
import dev.eofpool.transport.internal.pool.PooledConnection;

/**
 * One socket with its read and write buffers. Used by one thread at a time (the one leasing it); only
 * {@link #closeSocket()} may come from another thread (the pool, the evictor, leak detection).
 * <p>
 * Reads go through an 8 KiB buffer; a read larger than the buffer while it is empty goes straight to the socket.
 * Writes collect in a 4 KiB buffer so a small request's head and body leave in one system call.
 * <p>
 * Over TLS, reads and writes go through an {@link SSLSocket} layered on the channel's socket; the raw channel is
 * kept for the idle probe and for closing (see {@link #probe()}).
 */
public final class Connection extends PooledConnection {

	private static final int READ_BUFFER = 8 * 1024;

	private static final int WRITE_BUFFER = 4 * 1024;

	private final SocketChannel channel;

	/** The socket reads and writes go through: the channel's own, or the TLS socket layered on it. */
	private final Socket socket;

	/** The TLS socket, or {@code null} for a plain connection. */
	private final SSLSocket tls;

	/** The raw (undecrypted) input of a TLS connection, for the probe; {@code null} for a plain one. */
	private final InputStream rawIn;

	private final InputStream in;

	private final OutputStream out;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final byte[] buf = new byte[READ_BUFFER];

	private int pos;

	private int limit;

	private final byte[] wbuf = new byte[WRITE_BUFFER];

	private int wpos;

	/** The line found by {@link #readLine}: in {@link #buf} when it fit, else in {@link #scratch}. */
	private byte[] lineArray;

	private int lineStart;

	private byte[] scratch;

	private long bytesRead;

	private long bytesWritten;

	/** The per-read timeout asked for by {@link #readTimeout(int)}. */
	private int soTimeout = -1;

	/** A {@link System#nanoTime()} by which every blocking read must have returned, or 0 for none. */
	private long deadline;

	/**
	 * The {@link System#nanoTime()} by which the blocking read or write in progress must end, or 0 when none is
	 * (written by the leasing thread, read by the {@link IoWatchdog}).
	 */
	private volatile long ioUntil;

	/** Set by the {@link IoWatchdog} when it closed the socket because a read or write outlived its deadline. */
	private volatile boolean timedOut;

	/**
	 * Whether the latest socket read filled all the room it was given, so more bytes may already be waiting in the
	 * socket. A read that returned less had taken everything received at that moment.
	 */
	private boolean socketMayHoldMore;

	/** Whether this connection is in the {@link IoWatchdog}'s set (reading thread only). */
	private boolean watched;

	Connection(Route route, long createdNanos, SocketChannel channel) throws IOException {
		this(route, createdNanos, channel, null);
	}

	/** A connection over the channel, through the TLS socket layered on it when {@code tls} is not null. */
	Connection(Route route, long createdNanos, SocketChannel channel, SSLSocket tls) throws IOException {
		super(route, createdNanos);
		this.channel = channel;
		this.tls = tls;
		this.socket = (tls != null) ? tls : channel.socket();
		this.rawIn = (tls != null) ? channel.socket().getInputStream() : null;
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
		this.socket.setSoTimeout(0); // reads are bounded by the IoWatchdog
	}

	/** The TLS session, or {@code null} for a plain connection. */
	public SSLSession tlsSession() {
		return (this.tls != null) ? this.tls.getSession() : null;
	}

	/** Sets the timeout of each blocking read and write in milliseconds (0: none). */
	public void readTimeout(int millis) {
		this.soTimeout = millis;
	}

	/**
	 * Bounds the following blocking reads by one deadline ({@link System#nanoTime()}), however steadily bytes arrive:
	 * each read waits at most until it; one that would start after it fails at once. 0 lifts the deadline.
	 */
	public void readDeadline(long deadlineNanos) {
		this.deadline = deadlineNanos;
	}

	/**
	 * One blocking read from {@code from}, ended by the {@link IoWatchdog} when it outlives the read timeout or the
	 * deadline: the socket is then closed and the read fails with a {@link SocketTimeoutException}.
	 */
	private int blockingRead(InputStream from, byte[] b, int off, int len) throws IOException {
		long until = callDeadline(true);
		if (until == 0) {
			return readOrTimeout(from, b, off, len);
		}
		publish(until);
		try {
			return readOrTimeout(from, b, off, len);
		}
		finally {
			this.ioUntil = 0;
		}
	}

	/**
	 * When the blocking call about to start must end: the timeout from now, or the read deadline when sooner (reads
	 * only); 0 for no bound.
	 * @throws SocketTimeoutException when the read deadline has passed already
	 */
	private long callDeadline(boolean read) throws SocketTimeoutException {
		long deadline = read ? this.deadline : 0;
		if (this.soTimeout <= 0 && deadline == 0) {
			return 0;
		}
		long now = System.nanoTime();
		long until = 0;
		if (deadline != 0) {
			if (deadline - now <= 0) {
				throw new SocketTimeoutException("Read deadline passed");
			}
			until = deadline;
		}
		if (this.soTimeout > 0) {
			long byTimeout = now + this.soTimeout * 1_000_000L;
			if (until == 0 || byTimeout - until < 0) {
				until = byTimeout;
			}
		}
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

	private int readOrTimeout(InputStream from, byte[] b, int off, int len) throws IOException {
		try {
			return from.read(b, off, len);
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

	/** Ends the read or write in progress: it outlived its deadline (called by the {@link IoWatchdog}). */
	void ioTimedOut() {
		this.timedOut = true;
		closeSocket();
	}

	/** Leaves the {@link IoWatchdog}'s set without closing: the socket was handed over to another connection. */
	void handedOver() {
		IoWatchdog.INSTANCE.unwatch(this);
		this.watched = false;
	}

	public int readTimeout() {
		return this.soTimeout;
	}

	/** Bytes received from the socket so far. */
	public long bytesRead() {
		return this.bytesRead;
	}

	/** Bytes handed to the socket so far. */
	public long bytesWritten() {
		return this.bytesWritten;
	}

	/**
	 * Bytes received but not yet consumed: readable without blocking. Over TLS, when this connection's buffer is
	 * empty, the decrypted bytes the TLS socket holds count.
	 */
	public int buffered() {
		int n = this.limit - this.pos;
		if (this.tls != null && n == 0) {
			try {
				n = this.in.available();
			}
			catch (IOException ex) {
				n = 0;
			}
		}
		return n;
	}

	private int fill() throws IOException {
		if (this.pos == this.limit) {
			this.pos = 0;
			this.limit = 0;
		}
		int space = this.buf.length - this.limit;
		int n = blockingRead(this.in, this.buf, this.limit, space);
		this.socketMayHoldMore = (n == space);
		if (n > 0) {
			this.limit += n;
			this.bytesRead += n;
		}
		return n;
	}

	/** Reads up to {@code len} bytes; -1 at end of stream. */
	public int read(byte[] b, int off, int len) throws IOException {
		int available = this.limit - this.pos;
		if (available == 0) {
			if (len >= this.buf.length) {
				int n = blockingRead(this.in, b, off, len);
				this.socketMayHoldMore = (n == len);
				if (n > 0) {
					this.bytesRead += n;
				}
				return n;
			}
			if (fill() < 0) {
				return -1;
			}
			available = this.limit - this.pos;
		}
		int n = Math.min(available, len);
		System.arraycopy(this.buf, this.pos, b, off, n);
		this.pos += n;
		return n;
	}

	/**
	 * Whether bytes are here that nobody read: in the buffer, or already received by the socket. A body read with
	 * large reads goes straight to the socket and stops at its last byte, so whatever the server sent after it is not in
	 * the buffer; without this look it would be taken for the next response. The socket is asked (one non-blocking
	 * system call) only when the latest read filled its room: a read that returned less took every byte that had
	 * arrived. Over TLS the bytes the TLS socket already decrypted count too.
	 */
	public boolean hasUnreadBytes() {
		if (this.pos < this.limit) {
			return true;
		}
		if (!this.socketMayHoldMore && this.tls == null) {
			return false;
		}
		try {
			return this.in.available() > 0;
		}
		catch (IOException ex) {
			return true; // a socket that cannot even tell is not reused
		}
	}

	/** Whether a whole line (up to LF) is already buffered, so {@link #readLine} will not block. */
	public boolean hasBufferedLine() {
		for (int i = this.pos; i < this.limit; i++) {
			if (this.buf[i] == '\n') {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads one line ending in CRLF or LF; afterwards {@link #lineArray()} and {@link #lineStart()} locate its bytes
	 * (without the line end).
	 * @param max the longest line allowed, without its line end
	 * @param what names the line in errors (e.g. "status line"); the route is added, only when there is an error
	 * @return the line's length, or -1 when the stream ended before its first byte
	 * @throws HttpProtocolException when the line is longer than {@code max}, or the stream ends inside it
	 */
	public int readLine(int max, String what) throws IOException {
		int scanFrom = this.pos;
		for (;;) {
			for (int i = scanFrom; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					int end = (i > this.pos && this.buf[i - 1] == '\r') ? i - 1 : i;
					int length = end - this.pos;
					if (length > max) {
						throw tooLong(max, what);
					}
					this.lineArray = this.buf;
					this.lineStart = this.pos;
					this.pos = i + 1;
					return length;
				}
			}
			int have = this.limit - this.pos;
			if (have > max + 1) {
				throw tooLong(max, what);
			}
			if (this.limit == this.buf.length) {
				if (this.pos > 0) {
					System.arraycopy(this.buf, this.pos, this.buf, 0, have);
					this.pos = 0;
					this.limit = have;
				}
				else {
					return readLongLine(max, what);
				}
			}
			if (this.pos == this.limit) {
				this.pos = 0;
				this.limit = 0;
			}
			scanFrom = this.limit;
			if (fill() < 0) {
				if (this.limit - this.pos == 0) {
					return -1;
				}
				throw new EOFException("Connection to " + route() + " closed inside the " + what + " after "
						+ (this.limit - this.pos) + " bytes of it");
			}
		}
	}

	/** The slow path for a line longer than the read buffer: collects it in a scratch array. */
	private int readLongLine(int max, String what) throws IOException {
		int length = 0;
		byte[] line = (this.scratch != null && this.scratch.length >= this.buf.length * 2) ? this.scratch
				: new byte[this.buf.length * 2];
		for (;;) {
			for (int i = this.pos; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					int chunk = i - this.pos;
					line = append(line, length, this.buf, this.pos, chunk, max + 1, what);
					length += chunk;
					this.pos = i + 1;
					if (length > 0 && line[length - 1] == '\r') {
						length--;
					}
					if (length > max) {
						throw tooLong(max, what);
					}
					this.scratch = line;
					this.lineArray = line;
					this.lineStart = 0;
					return length;
				}
			}
			int chunk = this.limit - this.pos;
			line = append(line, length, this.buf, this.pos, chunk, max + 1, what);
			length += chunk;
			this.pos = this.limit;
			if (fill() < 0) {
				throw new EOFException("Connection to " + route() + " closed inside the " + what + " after " + length
						+ " bytes of it");
			}
		}
	}

	private byte[] append(byte[] line, int length, byte[] src, int off, int n, int cap, String what)
			throws HttpProtocolException {
		if (length + n > cap) {
			throw tooLong(cap - 1, what);
		}
		if (length + n > line.length) {
			byte[] bigger = new byte[Math.min(cap, Math.max(line.length * 2, length + n))];
			System.arraycopy(line, 0, bigger, 0, length);
			line = bigger;
		}
		System.arraycopy(src, off, line, length, n);
		return line;
	}

	private HttpProtocolException tooLong(int max, String what) {
		return new HttpProtocolException("The " + what + " from " + route() + " is longer than the limit of " + max
				+ " bytes");
	}

	public byte[] lineArray() {
		return this.lineArray;
	}

	public int lineStart() {
		return this.lineStart;
	}

	/** Appends ISO-8859-1 characters to the write buffer. */
	public void writeAscii(String s) throws IOException {
		int length = s.length();
		for (int i = 0; i < length; i++) {
			if (this.wpos == this.wbuf.length) {
				flushBuffer();
			}
			this.wbuf[this.wpos++] = (byte) s.charAt(i);
		}
	}

	/** Appends a non-negative number in decimal ASCII digits, without building a string. */
	public void writeDecimal(long value) throws IOException {
		if (value < 0) {
			throw new IllegalArgumentException("Negative number: " + value);
		}
		long divisor = 1;
		while (divisor <= value / 10) {
			divisor *= 10;
		}
		for (; divisor > 0; divisor /= 10) {
			writeByte('0' + (int) ((value / divisor) % 10));
		}
	}

	public void writeByte(int b) throws IOException {
		if (this.wpos == this.wbuf.length) {
			flushBuffer();
		}
		this.wbuf[this.wpos++] = (byte) b;
	}

	/** Appends bytes: small writes are buffered, large ones go straight to the socket after the buffer. */
	public void write(byte[] b, int off, int len) throws IOException {
		if (len <= this.wbuf.length - this.wpos) {
			System.arraycopy(b, off, this.wbuf, this.wpos, len);
			this.wpos += len;
			return;
		}
		flushBuffer();
		if (len < this.wbuf.length) {
			System.arraycopy(b, off, this.wbuf, 0, len);
			this.wpos = len;
			return;
		}
		writeOut(b, off, len);
	}

	private void writeOut(byte[] b, int off, int len) throws IOException {
		long until = callDeadline(false);
		if (until != 0) {
			publish(until);
		}
		try {
			this.out.write(b, off, len);
		}
		catch (IOException ex) {
			if (this.timedOut) {
				throw new WriteTimeoutException("Write timed out after " + this.soTimeout + " ms sending to " + route()
						+ " (the server stopped reading)");
			}
			throw interrupted(ex, "writing to");
		}
		finally {
			if (until != 0) {
				this.ioUntil = 0;
			}
		}
		this.bytesWritten += len;
	}

	/** Sends whatever is buffered. */
	public void flush() throws IOException {
		flushBuffer();
		this.out.flush();
	}

	private void flushBuffer() throws IOException {
		if (this.wpos > 0) {
			int n = this.wpos;
			this.wpos = 0;
			writeOut(this.wbuf, 0, n);
		}
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
		if (this.pos < this.limit) {
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

	/** Whether this connection speaks TLS. */
	public boolean isTls() {
		return this.tls != null;
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

	public boolean isClosed() {
		return this.closed.get();
	}

	@Override
	public String toString() {
		return "Connection[" + route() + ", local port " + this.channel.socket().getLocalPort()
				+ ((this.tls != null) ? ", " + this.tls.getSession().getProtocol() : "") + "]";
	}
}
