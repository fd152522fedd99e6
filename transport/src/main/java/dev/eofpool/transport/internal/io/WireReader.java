package dev.eofpool.transport.internal.io;

import java.io.EOFException;
import java.io.IOException;

import dev.eofpool.transport.HttpProtocolException;

/**
 * Buffered reads from a {@link Wire}: bytes, and lines ending in CRLF or LF. Used by one thread at a time (the one
 * leasing the connection).
 * <p>
 * Reads go through an 8 KiB buffer; a read of nearly the buffer's size or more ({@link #direct}) while it is empty goes
 * straight to the wire (into the caller's array, with no copy). A line is returned as a {@link Line} view of the
 * buffer (or, for a line longer than the buffer, of a scratch array kept for the next long line): reading lines and
 * bytes allocates nothing.
 * <p>
 * The buffer is lent by a {@link BufferPool}: taken by the first read that needs it, given back by
 * {@link #releaseBuffer()} when the connection goes idle (nothing buffered) or {@link #discardBuffer()} when it is
 * closed. A reader without a buffer has nothing buffered; reading takes one again.
 */
public final class WireReader {

	/** The size of the buffer a connection's reader borrows. */
	public static final int BUFFER_SIZE = 8 * 1024;

	private final Wire wire;

	/** Names the other end in errors (its {@code toString()} is called only when there is one). */
	private final Object peer;

	/** Lends {@link #buf}. */
	private final BufferPool buffers;

	/**
	 * The smallest read that goes straight to the wire while nothing is buffered: 15/16 of the buffer, so a JSON
	 * parser's 8,000-byte reads (Jackson's) skip the buffer too, at most 1/15 more system calls than filling it would
	 * make, and without a copy or the short read of what is left in it after each.
	 */
	private final int direct;

	/** The lent buffer, or {@code null} while none is lent ({@link #pos} = {@link #limit} = 0 then). */
	private byte[] buf;

	private int pos;

	private int limit;

	/** The view {@link #readLine} returns, moved to each line found. */
	private final Line line = new Line();

	/** The array of the latest line longer than the buffer, kept for the next one; null until there was one. */
	private byte[] scratch;

	private long bytesRead;

	/**
	 * Whether the latest wire read filled all the room it was given, so more bytes may already be waiting in the
	 * socket. A read that returned less had taken everything received at that moment.
	 */
	private boolean wireMayHoldMore;

	/**
	 * A reader with a one-array pool of its own (tests): the buffer it gives back is the one it takes again.
	 * @param wire the channel to read from
	 * @param peer names the other end in error messages (a route)
	 */
	public WireReader(Wire wire, Object peer) {
		this(wire, peer, new BufferPool(BUFFER_SIZE, 1));
	}

	/**
	 * A reader borrowing its buffer from {@code buffers} while it reads.
	 * @param wire the channel to read from
	 * @param peer names the other end in error messages (a route)
	 */
	public WireReader(Wire wire, Object peer, BufferPool buffers) {
		this.wire = wire;
		this.peer = peer;
		this.buffers = buffers;
		this.direct = buffers.bufferSize() - buffers.bufferSize() / 16;
	}

	/** Whether a buffer is lent to this reader now. */
	public boolean holdsBuffer() {
		return this.buf != null;
	}

	/**
	 * Gives the buffer (and the scratch array of a long line) back, as the connection goes idle: the next read takes
	 * one again. Called by the thread using the connection, before another thread can reach it.
	 * @throws IllegalStateException when bytes are buffered (a connection with unread bytes is closed, not idle)
	 */
	public void releaseBuffer() {
		if (this.pos < this.limit) {
			throw new IllegalStateException((this.limit - this.pos) + " unread bytes from " + this.peer
					+ " are buffered: a connection with unread bytes is closed, its buffer discarded");
		}
		discardBuffer();
	}

	/** Gives the buffer back dropping what it holds, as the connection is closed; nothing when none is lent. */
	public void discardBuffer() {
		this.scratch = null;
		this.line.set(null, 0, 0, false); // the view must not keep the array alive or readable
		byte[] b = this.buf;
		if (b != null) {
			this.buf = null;
			this.pos = 0;
			this.limit = 0;
			this.buffers.giveBack(b, this.peer);
		}
	}

	/** Bytes received from the wire so far. */
	public long bytesRead() {
		return this.bytesRead;
	}

	/** Bytes in this reader's buffer that nobody read yet (the wire is not asked). */
	public int bufferedBytes() {
		return this.limit - this.pos;
	}

	/** Bytes readable without blocking; over TLS, when the buffer is empty, the bytes the TLS layer decrypted count. */
	public int available() {
		int n = this.limit - this.pos;
		if (n == 0 && this.wire.decrypts()) {
			try {
				n = this.wire.available();
			}
			catch (IOException ex) {
				n = 0;
			}
		}
		return n;
	}

	/**
	 * Whether bytes are here that nobody read: in the buffer, or already received by the socket. A body read with
	 * large reads goes straight to the wire and stops at its last byte, so whatever the server sent after it is not in
	 * the buffer; without this look it would be taken for the next response. The wire is asked (one non-blocking
	 * system call) only when the latest read filled its room: a read that returned less took every byte that had
	 * arrived. Over TLS the bytes the TLS layer already decrypted count too.
	 */
	public boolean hasUnreadBytes() {
		if (this.pos < this.limit) {
			return true;
		}
		if (!this.wireMayHoldMore && !this.wire.decrypts()) {
			return false;
		}
		try {
			return this.wire.available() > 0;
		}
		catch (IOException ex) {
			return true; // a socket that cannot even tell is not reused
		}
	}

	/** Reads up to {@code len} bytes; -1 at the end of the stream. */
	public int read(byte[] b, int off, int len) throws IOException {
		int available = this.limit - this.pos;
		if (available == 0) {
			if (len >= this.direct) {
				int n = this.wire.read(b, off, len);
				this.wireMayHoldMore = (n == len);
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
	 * Reads up to {@code len} bytes but never past {@code bound} (the bytes a framing has left), as
	 * {@code read(b, off, (int) Math.min(len, bound))} does, and without its system call afterwards: while nothing is
	 * buffered and {@code b} has room past the bound, the read goes straight to the wire, whatever its size (the last
	 * bytes of a body then skip the buffer and its copy), asking for one byte more, so a read returning no more than
	 * the bound proves it took every byte that had arrived ({@link #hasUnreadBytes()} need not ask the socket); when
	 * {@code b} has just the bound's room, a {@link Wire#vectored() vectored} wire reads past it into the lent buffer.
	 * A byte received past the bound is kept buffered, unread, and {@code b} past the bytes returned is left as it was.
	 * @param bound the most bytes to return, at least 1
	 */
	public int readWithin(byte[] b, int off, int len, long bound) throws IOException {
		int want = (int) Math.min(len, bound);
		if (want == len || this.pos < this.limit) {
			if (len == bound && this.buf != null && this.pos == this.limit && len >= this.direct
					&& this.wire.vectored()) {
				return readScattered(b, off, want);
			}
			return read(b, off, want);
		}
		int past = off + want;
		byte was = b[past];
		int n = this.wire.read(b, off, want + 1);
		if (n > want) {
			// a byte of whatever follows the framing: unread, so kept where hasUnreadBytes sees it
			byte over = b[past];
			b[past] = was;
			buffer()[0] = over;
			this.pos = 0;
			this.limit = 1;
			this.bytesRead += n;
			return want;
		}
		this.wireMayHoldMore = false;
		if (n > 0) {
			this.bytesRead += n;
		}
		return n;
	}

	/**
	 * A read of a framing's last {@code len} bytes into {@code b} exactly as large that still tells whether more came:
	 * what follows goes into the empty buffer in the same system call (kept unread), so {@link #hasUnreadBytes()}
	 * asks the socket only when that filled the buffer too.
	 */
	private int readScattered(byte[] b, int off, int len) throws IOException {
		int n = this.wire.read(b, off, len, this.buf, this.buf.length);
		this.pos = 0;
		this.limit = Math.max(0, n - len);
		this.wireMayHoldMore = (this.limit == this.buf.length);
		this.bytesRead += Math.max(n, 0);
		return Math.min(n, len);
	}

	/** The lent buffer, borrowed when none is. */
	private byte[] buffer() {
		if (this.buf == null) {
			this.buf = this.buffers.take();
		}
		return this.buf;
	}

	private int fill() throws IOException {
		byte[] b = buffer();
		if (this.pos == this.limit) {
			this.pos = 0;
			this.limit = 0;
		}
		int space = b.length - this.limit;
		int n = this.wire.read(b, this.limit, space);
		this.wireMayHoldMore = (n == space);
		if (n > 0) {
			this.limit += n;
			this.bytesRead += n;
		}
		return n;
	}

	/** After a read returned -1: whether the wire ended without TLS {@code close_notify} (see {@link Wire}). */
	public boolean endedWithoutCloseNotify() {
		return this.wire.endedWithoutCloseNotify();
	}

	/**
	 * The array holding the {@link #bufferedBytes()} unread bytes from {@link #bufferedStart()}, for a parser that
	 * looks at them before it consumes them with {@link #read}: read it, never keep it (valid until the next call on
	 * this reader). {@code null} while no buffer is lent.
	 */
	public byte[] bufferedArray() {
		return this.buf;
	}

	/** The index in {@link #bufferedArray()} of the first unread byte. */
	public int bufferedStart() {
		return this.pos;
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
	 * Reads one line ending in CRLF or LF.
	 * @param max the longest line allowed, without its line end
	 * @param what names the line in errors (e.g. "status line"); the peer is added, only when there is an error
	 * @return the line, without its line end, valid until the next call on this reader; {@code null} when the stream
	 * ended before the line's first byte
	 * @throws HttpProtocolException when the line is longer than {@code max}
	 * @throws EOFException when the stream ends inside the line
	 */
	public Line readLine(int max, String what) throws IOException {
		buffer();
		int scanFrom = this.pos;
		for (;;) {
			for (int i = scanFrom; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					boolean crlf = i > this.pos && this.buf[i - 1] == '\r';
					int length = (crlf ? i - 1 : i) - this.pos;
					if (length > max) {
						throw tooLong(max, what);
					}
					this.line.set(this.buf, this.pos, length, crlf);
					this.pos = i + 1;
					return this.line;
				}
			}
			int have = this.limit - this.pos;
			if (have - 1 > max) { // the line and a CR; max + 1 would wrap for a max of Integer.MAX_VALUE
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
					return null;
				}
				throw new EOFException("Connection to " + this.peer + " closed inside the " + what + " after "
						+ (this.limit - this.pos) + " bytes of it");
			}
		}
	}

	/** The slow path for a line longer than the buffer: collects it in the scratch array. */
	private Line readLongLine(int max, String what) throws IOException {
		int length = 0;
		byte[] collected = (this.scratch != null && this.scratch.length >= this.buf.length * 2) ? this.scratch
				: new byte[this.buf.length * 2];
		for (;;) {
			for (int i = this.pos; i < this.limit; i++) {
				if (this.buf[i] == '\n') {
					int chunk = i - this.pos;
					collected = append(collected, length, this.pos, chunk, max, what);
					length += chunk;
					this.pos = i + 1;
					boolean crlf = length > 0 && collected[length - 1] == '\r';
					if (crlf) {
						length--;
					}
					if (length > max) {
						throw tooLong(max, what);
					}
					this.scratch = collected;
					this.line.set(collected, 0, length, crlf);
					return this.line;
				}
			}
			int chunk = this.limit - this.pos;
			collected = append(collected, length, this.pos, chunk, max, what);
			length += chunk;
			this.pos = this.limit;
			if (fill() < 0) {
				throw new EOFException("Connection to " + this.peer + " closed inside the " + what + " after " + length
						+ " bytes of it");
			}
		}
	}

	/** Appends {@code n} buffered bytes from {@code off} to the line collected, up to max + 1 (in long: no wrap). */
	private byte[] append(byte[] collected, int length, int off, int n, int max, String what)
			throws HttpProtocolException {
		long size = (long) length + n;
		if (size > max + 1L) {
			throw tooLong(max, what);
		}
		byte[] into = collected;
		if (size > into.length) {
			into = new byte[(int) Math.min(Math.min(max + 1L, Integer.MAX_VALUE), Math.max(into.length * 2L, size))];
			System.arraycopy(collected, 0, into, 0, length);
		}
		System.arraycopy(this.buf, off, into, length, n);
		return into;
	}

	private HttpProtocolException tooLong(int max, String what) {
		return new HttpProtocolException("The " + what + " from " + this.peer + " is longer than the limit of " + max
				+ " bytes");
	}
}
