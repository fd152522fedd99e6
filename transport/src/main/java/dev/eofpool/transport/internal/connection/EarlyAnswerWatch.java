package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.eofpool.transport.Route;

/**
 * Watches the writes of a request with a body for the server's early answer (RFC 9112 9.5): a server that answers and
 * stops reading makes a write stall. Past the request's first {@link #WATCH_AFTER_BYTES}, each write is checked every
 * {@link #CHECK_NANOS} by the {@link IoWatchdog}; raw bytes waiting (beyond its baseline) stop
 * the upload: the output is shut down, so the blocked write fails at once and the input stays open for the response.
 * <p>
 * Over TLS raw bytes may be a post-handshake message rather than an answer, so they are decoded first (within 1 ms,
 * see {@link TlsLayer#readWithin}); decoded response bytes are kept and returned first by the connection's reads
 * ({@link #readKept}). A check found by the watchdog decodes on a helper thread, never on the watchdog's.
 * <p>
 * A connection creates its watch on its first request with a body and keeps it for the later ones; a request without
 * body never touches it. The leasing thread starts, uses and ends the watch; the {@link IoWatchdog} and the helper
 * thread read the volatile fields, and the helper writes the kept bytes before {@link #answered} (whose volatile write
 * publishes them).
 */
final class EarlyAnswerWatch {

	/** How often a stalled request-body write looks for an early answer: the bound of the reaction to one. */
	static final long CHECK_NANOS = 20_000_000L;

	/** Bytes of a request written before a write is watched for an early answer (smaller ones never stall). */
	static final long WATCH_AFTER_BYTES = 64 * 1024;

	private final Route route;

	private final SocketChannel channel;

	/** The input reads go through (the TLS socket's over TLS). */
	private final InputStream in;

	/** The connection's TLS layer, or {@code null} for a plain connection. */
	private final TlsLayer tls;

	/** Whether the request's writes are watched: set by the leasing thread, read by the {@link IoWatchdog}. */
	private volatile boolean active;

	/** Raw bytes found at a check to be only post-handshake messages (a TLS session ticket, say): not an answer. */
	private volatile int baseline;

	/** Bytes written since the watch began (leasing thread only). */
	private long bytes;

	/** The watchdog time the write in progress must end by when its checks are sliced (0: unbounded). */
	private volatile long writeUntil;

	/** Set when the upload was stopped because the server had answered. */
	private volatile boolean answered;

	/** Whether a write on the wire failed since the watch began (leasing thread only). */
	private boolean writeFailed;

	/** Whether a thread is decoding TLS records to tell an answer from a post-handshake message. */
	private final AtomicBoolean decoding = new AtomicBoolean();

	/** Decrypted response bytes read while looking for an answer over TLS, {@code null} when none. */
	private byte[] kept;

	private int keptPos;

	/**
	 * A watch of the connection over {@code channel}.
	 * @param in the input the connection reads through (the TLS socket's over TLS)
	 * @param tls the connection's TLS side, or {@code null} for a plain connection
	 */
	EarlyAnswerWatch(Route route, SocketChannel channel, InputStream in, TlsLayer tls) {
		this.route = route;
		this.channel = channel;
		this.in = in;
		this.tls = tls;
	}

	/**
	 * Starts watching, without asking the socket anything: a request body that never reaches the sliced writes costs
	 * no system call. The baseline is 0. On a plain connection nothing but a response is ever sent, and a byte waiting
	 * before the request was written is no less the server's word than one sent during it (it is read as the
	 * response either way). Over TLS raw bytes waiting at a check are decoded first ({@link #decode()}): a session
	 * ticket that was waiting before the request moves the baseline past it there, and is no answer.
	 */
	void start() {
		this.bytes = 0;
		this.writeFailed = false;
		this.answered = false;
		this.baseline = 0;
		this.active = true;
	}

	/**
	 * Ends the watch, after any TLS decoding started for it (bounded by its 1 ms read), so the leasing thread's reads
	 * never race it.
	 */
	void end() {
		this.active = false;
		while (this.decoding.get()) {
			LockSupport.parkNanos(50_000);
		}
	}

	/** Counts a write about to start; whether its checks are sliced (the watch is on and past its first bytes). */
	boolean slices(int len) {
		if (!this.active) {
			return false;
		}
		this.bytes += len;
		return this.bytes > WATCH_AFTER_BYTES;
	}

	/**
	 * Before a sliced write: fails it when the answer is already waiting (one non-blocking look at the socket), so the
	 * socket's buffers are not filled further; else returns the first check's deadline to publish.
	 * @param until the write's own deadline on the watchdog's clock (0: unbounded)
	 */
	long beginSlicedWrite(long until) throws IOException {
		if (rawAvailable() > this.baseline && (this.tls == null || decodeHere())) {
			this.answered = true;
			this.writeFailed = true;
			throw new IOException(stoppedMessage());
		}
		this.writeUntil = until;
		long check = IoWatchdog.INSTANCE.ticker().nanoTime() + CHECK_NANOS;
		return (until != 0 && until - check < 0) ? until : ((check != 0) ? check : 1);
	}

	/** After a sliced write, however it ended. */
	void endSlicedWrite() {
		this.writeUntil = 0;
	}

	/** Records that a write on the wire failed (a reset, a broken pipe). */
	void writeFailed() {
		this.writeFailed = true;
	}

	/** Whether a write on the wire failed since the watch began. */
	boolean hasWriteFailed() {
		return this.writeFailed;
	}

	/** Whether the upload was stopped because the server had answered. */
	boolean answered() {
		return this.answered;
	}

	/** The message of a write stopped by the answer. */
	String stoppedMessage() {
		return "Stopped sending the request to " + this.route + ": the server answered before the request was "
				+ "complete";
	}

	/**
	 * A deadline {@code seen} of the write in progress passed (called by the {@link IoWatchdog}, unlocked). When it
	 * was a check, not the write's own deadline: response bytes waiting stop the upload (over TLS after a helper
	 * decodes them), and the next check's deadline is returned. Returns 0 when the watch does not handle it (no watch,
	 * or the write's own deadline): the call is then ended as a timeout.
	 */
	long checkDue(long seen) {
		if (!this.active) {
			return 0;
		}
		long end = this.writeUntil;
		if (end != 0 && end - seen <= 0) {
			return 0;
		}
		if (!this.answered && rawAvailable() > this.baseline) {
			if (this.tls == null) {
				answer();
			}
			else if (this.decoding.compareAndSet(false, true)) {
				// decoding may block (1 ms, or a write it must make): never on the watchdog's thread
				Thread check = new Thread(() -> {
					try {
						if (this.active && decode()) {
							answer();
						}
					}
					finally {
						this.decoding.set(false);
					}
				}, "eofpool-early-answer");
				check.setDaemon(true);
				check.start();
			}
		}
		long next = IoWatchdog.INSTANCE.ticker().nanoTime() + CHECK_NANOS;
		if (end != 0 && end - next < 0) {
			next = end;
		}
		return (next != 0) ? next : 1;
	}

	/** Stops the upload: the server answered (the failing write reads {@link #answered}, set first). */
	private void answer() {
		this.answered = true;
		try {
			this.channel.shutdownOutput(); // ends the blocked write; the input stays open for the response
		}
		catch (IOException ex) {
			// closed meanwhile: the write fails anyway
		}
	}

	/** Bytes waiting in the socket, before any TLS decryption; 0 when that cannot be told. Never blocks. */
	private int rawAvailable() {
		try {
			return (this.tls != null) ? this.tls.rawAvailable() : this.in.available();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * {@link #decode()} on the leasing thread between writes; {@code false} while a helper decodes (one reader at a
	 * time: the helper stops the upload itself when it finds the answer).
	 */
	private boolean decodeHere() {
		if (!this.decoding.compareAndSet(false, true)) {
			return false;
		}
		try {
			return decode();
		}
		finally {
			this.decoding.set(false);
		}
	}

	/**
	 * Over TLS, whether the raw bytes that arrived are an answer: decodes what waits within 1 ms. Application data
	 * (kept for the reads that follow) or the end of the stream is an answer; only post-handshake messages (a session
	 * ticket sent late, say) are not, and the baseline moves past them. Runs on the leasing thread between writes, or
	 * on a helper thread while the leasing thread is blocked in a write (TLS reads and writes do not share a lock; a
	 * read that must answer with a write waits at most until that write ends).
	 */
	private boolean decode() {
		try {
			byte[] b = new byte[16 * 1024];
			int n = this.tls.readWithin(b, 0, b.length, 1);
			if (n > 0) {
				this.kept = Arrays.copyOf(b, n);
				this.keptPos = 0;
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			this.baseline = rawAvailable();
			return false;
		}
		catch (IOException ex) {
			return true; // the connection broke: the write fails too, and reading the response tells the rest
		}
	}

	/** Whether decoded response bytes are kept, to be returned before anything else is read. */
	boolean hasKept() {
		return this.kept != null;
	}

	/** How many kept bytes are left; 0 when none. */
	int keptAvailable() {
		byte[] k = this.kept;
		return (k != null) ? k.length - this.keptPos : 0;
	}

	/** Returns kept bytes, as a read would; {@link #hasKept()} said there are some. */
	int readKept(byte[] b, int off, int len) {
		int n = Math.min(len, this.kept.length - this.keptPos);
		System.arraycopy(this.kept, this.keptPos, b, off, n);
		this.keptPos += n;
		if (this.keptPos == this.kept.length) {
			this.kept = null;
		}
		return n;
	}

}
