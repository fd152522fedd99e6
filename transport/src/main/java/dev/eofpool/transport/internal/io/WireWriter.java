package dev.eofpool.transport.internal.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Buffered writes to a {@link Wire}. Writes collect in a buffer (4 KiB for a plain socket, just under one TLS
 * record's 16 KiB for TLS) so that a small request's head and body leave in one system call, or one record, at
 * {@link #flush()}. A write that does not fit what is left of the buffer: on a {@link Wire#vectored() vectored} wire
 * (a plain socket) it leaves with what is buffered in one gathering write, not copied; else (TLS, one record per
 * array and more for a longer one) its first bytes fill the buffer, which is written as one full record, and the rest
 * goes straight from the caller's array when at least a buffer long (a large body costs no record more than its
 * length needs). Numbers are written as ASCII digits without building a string. Used by one thread at a time.
 * <p>
 * The buffer is lent by a {@link BufferPool}: taken by the first write that needs it, given back by
 * {@link #releaseBuffer()} once everything was flushed (the connection going idle) or {@link #discardBuffer()} when
 * the connection is closed.
 */
public final class WireWriter {

	/** The size of the buffer a plain connection's writer borrows. */
	public static final int BUFFER_SIZE = 4 * 1024;

	/**
	 * The size of the buffer a TLS connection's writer borrows: what one TLS record surely carries. A record holds at
	 * most 16 KiB of plaintext, and the JDK cuts less, by as much as the cipher adds to the record (16,383 bytes
	 * with TLS 1.3's AES-GCM, 16,367 with some TLS 1.2 suites): a full buffer of 16 KiB would leave a record of a
	 * few bytes after it; 256 bytes less fits every suite.
	 */
	public static final int TLS_BUFFER_SIZE = 16 * 1024 - 256;

	/** The upper-case hex digits of a percent-encoded octet. */
	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private final Wire wire;

	/** Lends {@link #buf}. */
	private final BufferPool buffers;

	/** The size of the buffers lent, known without one (a large write while none is lent goes straight out). */
	private final int capacity;

	/** The lent buffer, or {@code null} while none is lent ({@link #pos} is 0 then). */
	private byte[] buf;

	private int pos;

	private long bytesWritten;

	/** A writer over the wire with a one-array pool of its own (tests): it takes again the buffer it gave back. */
	public WireWriter(Wire wire) {
		this(wire, new BufferPool(BUFFER_SIZE, 1));
	}

	/** A writer over the wire borrowing its buffer from {@code buffers} while it writes. */
	public WireWriter(Wire wire, BufferPool buffers) {
		this.wire = wire;
		this.buffers = buffers;
		this.capacity = buffers.bufferSize();
	}

	/** Whether a buffer is lent to this writer now. */
	public boolean holdsBuffer() {
		return this.buf != null;
	}

	/**
	 * Gives the buffer back, as the connection goes idle: the next write takes one again. Called by the thread using
	 * the connection, before another thread can reach it.
	 * @param owner names the connection in the error
	 * @throws IllegalStateException when bytes are buffered that were never flushed
	 */
	public void releaseBuffer(Object owner) {
		if (this.pos > 0) {
			throw new IllegalStateException(this.pos + " bytes to " + owner + " were buffered and never sent");
		}
		discardBuffer(owner);
	}

	/**
	 * Gives the buffer back dropping what it holds, as the connection is closed; nothing when none is lent.
	 * @param owner names the connection in the assertion that the buffer is given back once
	 */
	public void discardBuffer(Object owner) {
		byte[] b = this.buf;
		if (b != null) {
			this.buf = null;
			this.pos = 0;
			this.buffers.giveBack(b, owner);
		}
	}

	/** The lent buffer, borrowed when none is. */
	private byte[] buffer() {
		byte[] b = this.buf;
		if (b == null) {
			b = this.buffers.take();
			this.buf = b;
		}
		return b;
	}

	/**
	 * Bytes handed to the wire so far (buffered bytes not yet flushed do not count), a failed write longer than a
	 * buffer included (see {@link #failed}).
	 */
	public long bytesWritten() {
		return this.bytesWritten;
	}

	/** Appends the characters of {@code s} as ISO-8859-1 bytes (each character's low byte). */
	public void writeAscii(String s) throws IOException {
		byte[] b = buffer();
		int length = s.length();
		int i = 0;
		while (i < length) {
			if (this.pos == b.length) {
				flushBuffer();
			}
			// the run that fits is copied with no check per character
			int p = this.pos;
			int end = Math.min(length, i + (b.length - p));
			while (i < end) {
				b[p++] = (byte) s.charAt(i++);
			}
			this.pos = p;
		}
	}

	/**
	 * Appends a part of a URI (a raw path, query or host) as it must go on the wire: each visible US-ASCII character
	 * (0x21 to 0x7E) as its byte, every other character as its UTF-8 bytes percent-encoded ({@code %C3%A9} for
	 * U+00E9), as {@link java.net.URI#toASCIIString()} does but without first normalizing (RFC 3987 3.1 maps an IRI
	 * to a URI as it is). {@link java.net.URI} leaves visible non-ASCII characters unescaped in its raw parts, and
	 * their low byte alone could be a CR, LF or space that splits the request. A lone surrogate, no character at all,
	 * is sent as U+FFFD ({@code %EF%BF%BD}). A part all of visible ASCII, the common case, is copied as by
	 * {@link #writeAscii}: one pass, nothing allocated.
	 */
	public void writeUriPart(String s) throws IOException {
		byte[] b = buffer();
		int length = s.length();
		int i = 0;
		while (i < length) {
			if (this.pos == b.length) {
				flushBuffer();
			}
			int p = this.pos;
			int end = Math.min(length, i + (b.length - p));
			// the run of visible ASCII that fits is copied as it is
			while (i < end) {
				char c = s.charAt(i);
				if (c <= ' ' || c >= 0x7f) {
					break;
				}
				b[p++] = (byte) c;
				i++;
			}
			this.pos = p;
			if (i < end) {
				i = writeEncoded(s, i);
			}
		}
	}

	/**
	 * Appends the character at {@code i} in {@code s} (with the low surrogate after it, for a pair) as its UTF-8
	 * bytes, percent-encoded.
	 * @return the index after the character
	 */
	private int writeEncoded(String s, int i) throws IOException {
		char c = s.charAt(i);
		int next = i + 1;
		int cp = c;
		if (Character.isHighSurrogate(c) && next < s.length() && Character.isLowSurrogate(s.charAt(next))) {
			cp = Character.toCodePoint(c, s.charAt(next++));
		}
		else if (Character.isSurrogate(c)) {
			cp = 0xFFFD;
		}
		if (cp < 0x80) {
			writeEscaped(cp);
		}
		else if (cp < 0x800) {
			writeEscaped(0xC0 | (cp >> 6));
			writeEscaped(0x80 | (cp & 0x3F));
		}
		else if (cp < 0x10000) {
			writeEscaped(0xE0 | (cp >> 12));
			writeEscaped(0x80 | ((cp >> 6) & 0x3F));
			writeEscaped(0x80 | (cp & 0x3F));
		}
		else {
			writeEscaped(0xF0 | (cp >> 18));
			writeEscaped(0x80 | ((cp >> 12) & 0x3F));
			writeEscaped(0x80 | ((cp >> 6) & 0x3F));
			writeEscaped(0x80 | (cp & 0x3F));
		}
		return next;
	}

	/** Appends one octet percent-encoded, with upper-case hex digits (RFC 3986 2.1). */
	private void writeEscaped(int octet) throws IOException {
		writeByte('%');
		writeByte(HEX[octet >> 4]);
		writeByte(HEX[octet & 0xF]);
	}

	/** Appends a non-negative number in decimal ASCII digits, without building a string. */
	public void writeDecimal(long value) throws IOException {
		if (value < 0) {
			throw new IllegalArgumentException("Negative number: " + value);
		}
		int digits = 1;
		for (long v = value; v >= 10; v /= 10) {
			digits++;
		}
		byte[] b = buffer();
		if (b.length - this.pos < digits) {
			flushBuffer();
		}
		if (b.length < digits) {
			// a buffer shorter than the number (tests): digit by digit, flushing as it fills
			long divisor = 1;
			while (divisor <= value / 10) {
				divisor *= 10;
			}
			for (; divisor > 0; divisor /= 10) {
				writeByte('0' + (int) ((value / divisor) % 10));
			}
			return;
		}
		int end = this.pos + digits;
		long v = value;
		for (int i = end - 1; i >= this.pos; i--) {
			b[i] = (byte) ('0' + (int) (v % 10));
			v /= 10;
		}
		this.pos = end;
	}

	/** Appends one byte (the low 8 bits of {@code b}). */
	public void writeByte(int b) throws IOException {
		byte[] into = buffer();
		if (this.pos == into.length) {
			flushBuffer();
		}
		into[this.pos++] = (byte) b;
	}

	/**
	 * Appends bytes: buffered while they fit; else sent with what is buffered in one gathering write when the wire
	 * is vectored, else after the full buffer they top up (the rest straight from {@code b} when at least a buffer
	 * long).
	 */
	public void write(byte[] b, int off, int len) throws IOException {
		byte[] into = this.buf;
		if (into == null) {
			if (len >= this.capacity) {
				writeOut(b, off, len); // nothing buffered: no buffer needed
				return;
			}
			into = buffer();
		}
		if (len <= into.length - this.pos) {
			System.arraycopy(b, off, into, this.pos, len);
			this.pos += len;
			return;
		}
		if (this.pos > 0 && this.wire.vectored()) {
			// what is buffered (the request's head) and the caller's bytes in one write, neither copied again
			int n = this.pos;
			this.pos = 0;
			try {
				this.wire.write(into, n, b, off, len);
			}
			catch (IOException ex) {
				failed(n + len);
				throw ex;
			}
			this.bytesWritten += n + len;
			return;
		}
		if (this.pos > 0) {
			// over TLS, one array per record: the head and the first bytes fill one record, the rest follows
			int room = into.length - this.pos;
			System.arraycopy(b, off, into, this.pos, room);
			this.pos = into.length;
			off += room;
			len -= room;
			flushBuffer();
		}
		if (len < into.length) {
			System.arraycopy(b, off, into, 0, len);
			this.pos = len;
			return;
		}
		writeOut(b, off, len);
	}

	/** Sends whatever is buffered. */
	public void flush() throws IOException {
		flushBuffer();
		this.wire.flush();
	}

	private void flushBuffer() throws IOException {
		if (this.pos > 0) {
			int n = this.pos;
			this.pos = 0;
			writeOut(this.buf, 0, n);
		}
	}

	private void writeOut(byte[] b, int off, int len) throws IOException {
		try {
			this.wire.write(b, off, len);
		}
		catch (IOException ex) {
			failed(len);
			throw ex;
		}
		this.bytesWritten += len;
	}

	/**
	 * Counts a failed write of {@code len} bytes as written when it was longer than a buffer: the socket may have
	 * taken part of it before failing (its send buffer filled, then the peer reset), so the peer may have received
	 * and acted on those bytes, and a request that is not idempotent must then not be sent again. A write no longer
	 * than a buffer delivered nothing the peer could act on: one TLS record, which is decrypted whole or not at all;
	 * on a plain socket, what the send buffer takes at once.
	 */
	private void failed(long len) {
		if (len > this.capacity) {
			this.bytesWritten += len;
		}
	}
}
