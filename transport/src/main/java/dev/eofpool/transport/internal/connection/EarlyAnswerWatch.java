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
 * {@link #CHECK_NANOS} by the {@link IoWatchdog}. While no raw bytes wait (beyond its baseline) a check is one look at
 * the socket; bytes waiting are read and kept ({@link #look}), to be returned first by the connection's reads
 * ({@link #readKept}), and tell what came:
 * <ul>
 * <li>interim responses (100 Continue, 102 Processing: see {@link InterimHeads}), or the first bytes of one, are no
 * answer: the upload goes on, and the head parser skips them when it reads the kept bytes;</li>
 * <li>a final status, a 101, bytes that are no response, or the end of the stream stop the upload: the output is shut
 * down, so the blocked write fails at once and the input stays open for the response.</li>
 * </ul>
 * Over TLS raw bytes may be a post-handshake message rather than response bytes, so they are decoded (within 1 ms, see
 * {@link TlsLayer#readWithin}); a check found by the watchdog decodes on a helper thread, never on the watchdog's. On
 * a plain connection the watchdog reads the waiting bytes itself: they are there, so the read does not block.
 * <p>
 * A connection creates its watch on its first request with a body and keeps it for the later ones; a request without
 * body never touches it. The leasing thread starts, uses and ends the watch; the {@link IoWatchdog} and the helper
 * thread read the volatile fields. One thread at a time reads the waiting bytes ({@link #looking}: its release
 * publishes the kept bytes), and {@link #end()} waits for it, so the leasing thread reads the response after them.
 */
final class EarlyAnswerWatch {

	/** How often a stalled request-body write looks for an early answer: the bound of the reaction to one. */
	static final long CHECK_NANOS = 20_000_000L;

	/** Bytes of a request written before a write is watched for an early answer (smaller ones never stall). */
	static final long WATCH_AFTER_BYTES = 64 * 1024;

	/**
	 * The most response bytes kept while the upload goes on: more without a final status stop it (the head parser then
	 * judges them against its limits).
	 */
	static final int MAX_KEPT = 16 * 1024;

	/** The interim responses let through while the upload goes on: as many as the response head parser skips. */
	static final int MAX_INTERIM = 16;

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

	/** Whether a thread is reading the waiting bytes ({@link #look}): one at a time. */
	private final AtomicBoolean looking = new AtomicBoolean();

	/** Response bytes read while the request was sent (decrypted over TLS), {@code null} when none. */
	private byte[] kept;

	private int keptPos;

	/** Where the whole interim heads found in {@link #kept} end: the bytes from there on are yet to be told. */
	private int scanned;

	/** The interim heads found during this watch. */
	private int interim;

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
	 * response either way). Over TLS raw bytes waiting at a check are decoded first ({@link #look}): a session
	 * ticket that was waiting before the request moves the baseline past it there, and is no answer.
	 */
	void start() {
		this.bytes = 0;
		this.writeFailed = false;
		this.answered = false;
		this.baseline = 0;
		this.scanned = this.keptPos; // 0: a connection is reused only once the response read every kept byte
		this.interim = 0;
		this.active = true;
	}

	/**
	 * Ends the watch, after any look at the waiting bytes started for it (bounded by its 1 ms read over TLS), so the
	 * leasing thread's reads never race it.
	 */
	void end() {
		this.active = false;
		while (this.looking.get()) {
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
	 * Before a sliced write: fails it when the answer is already waiting (one non-blocking look at the socket, and a
	 * {@link #look} at the bytes waiting, if any), so the socket's buffers are not filled further; else returns the
	 * first check's deadline to publish.
	 * @param until the write's own deadline on the watchdog's clock (0: unbounded)
	 */
	long beginSlicedWrite(long until) throws IOException {
		int waiting = rawAvailable();
		if (waiting > this.baseline && lookHere(waiting)) {
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
	 * was a check, not the write's own deadline: response bytes waiting are looked at ({@link #look}; over TLS by a
	 * helper thread), which stops the upload when they are the answer, and the next check's deadline is returned.
	 * Returns 0 when the watch does not handle it (no watch, or the write's own deadline): the call is then ended as a
	 * timeout.
	 */
	long checkDue(long seen) {
		if (!this.active) {
			return 0;
		}
		long end = this.writeUntil;
		if (end != 0 && end - seen <= 0) {
			return 0;
		}
		int waiting = this.answered ? 0 : rawAvailable();
		if (waiting > this.baseline && this.looking.compareAndSet(false, true)) {
			Runnable check = () -> {
				try {
					if (this.active && look(waiting)) {
						answer();
					}
				}
				finally {
					this.looking.set(false);
				}
			};
			if (this.tls == null) {
				check.run(); // the bytes are there: reading them does not block the watchdog
			}
			else {
				// decoding may block (1 ms, or a write it must make): never on the watchdog's thread
				Thread helper = new Thread(check, "eofpool-early-answer");
				helper.setDaemon(true);
				helper.start();
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
	 * {@link #look} on the leasing thread between writes; {@code false} while another thread looks (one reader at a
	 * time: that one stops the upload itself when it finds the answer).
	 */
	private boolean lookHere(int waiting) {
		if (!this.looking.compareAndSet(false, true)) {
			return false;
		}
		try {
			return look(waiting);
		}
		finally {
			this.looking.set(false);
		}
	}

	/**
	 * Whether the bytes waiting are the server's answer, which stops the upload: reads them into {@link #kept} (over
	 * TLS what arrived is decoded within 1 ms) and tells what they begin ({@link #answerKept()}). The end of the
	 * stream or a broken connection is an answer too (the write fails as well, and reading the response tells the
	 * rest), and so are {@link #MAX_KEPT} bytes kept without a final status. Over TLS, records that held only
	 * post-handshake messages (a session ticket sent late, say) are no answer, and the baseline moves past them.
	 * <p>
	 * Runs on the leasing thread between writes, or while it is blocked in a write on the watchdog's thread (plain:
	 * the bytes are there, so the read does not block) or a helper thread (TLS: reads and writes do not share a lock;
	 * a read that must answer with a write waits at most until that write ends); one at a time ({@link #looking}).
	 * @param waiting the raw bytes the socket said are waiting, at least 1
	 */
	private boolean look(int waiting) {
		try {
			for (;;) {
				byte[] k = this.kept;
				int had = (k != null) ? k.length : 0;
				int room = MAX_KEPT - (had - this.keptPos);
				if (room <= 0) {
					return true; // so many bytes without a final status: the head parser judges them
				}
				int want = (this.tls != null) ? room : Math.min(room, waiting);
				byte[] grown = (k != null) ? Arrays.copyOf(k, had + want) : new byte[want];
				int n = (this.tls != null) ? this.tls.readWithin(grown, had, want, 1) : this.in.read(grown, had, want);
				if (n <= 0) {
					return true; // the server closed
				}
				this.kept = (n == want) ? grown : Arrays.copyOf(grown, had + n);
				if (answerKept()) {
					return true;
				}
				if ((this.tls == null) ? n < room : this.in.available() <= 0) {
					this.baseline = 0; // over TLS a record not decoded yet is looked at by the next check
					return false;
				}
				// the kept bytes are full, or decrypted bytes are left inside the TLS socket (no raw byte shows them)
			}
		}
		catch (SocketTimeoutException ex) {
			this.baseline = rawAvailable();
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Whether the kept bytes not told yet begin a final answer ({@link InterimHeads}): a final status, a 101, bytes
	 * that are no response, or more than {@link #MAX_INTERIM} interim heads (the head parser refuses them at once).
	 * Moves {@link #scanned} past each whole interim head; an interim head not whole yet waits for more bytes.
	 */
	private boolean answerKept() {
		byte[] k = this.kept;
		while (this.scanned < k.length) {
			int end = InterimHeads.end(k, this.scanned, k.length);
			if (end == InterimHeads.FINAL) {
				return true;
			}
			if (end == this.scanned) {
				return false;
			}
			this.scanned = end;
			if (++this.interim > MAX_INTERIM) {
				return true;
			}
		}
		return false;
	}

	/** Whether response bytes are kept, to be returned before anything else is read. */
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
			this.keptPos = 0;
			this.scanned = 0;
		}
		return n;
	}

}
