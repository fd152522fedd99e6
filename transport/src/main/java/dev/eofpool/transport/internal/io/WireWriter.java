package dev.eofpool.transport.internal.io;

import java.io.IOException;

/**
 * Buffered writes to a {@link Wire}. Writes collect in a 4 KiB buffer so that a small request's head and body leave in
 * one system call at {@link #flush()}; a write larger than the buffer goes straight to the wire after what is
 * buffered. Numbers are written as ASCII digits without building a string. Used by one thread at a time.
 */
public final class WireWriter {

	private static final int BUFFER = 4 * 1024;

	private final Wire wire;

	private final byte[] buf = new byte[BUFFER];

	private int pos;

	private long bytesWritten;

	/** A writer over the wire. */
	public WireWriter(Wire wire) {
		this.wire = wire;
	}

	/** Bytes handed to the wire so far (buffered bytes not yet flushed do not count). */
	public long bytesWritten() {
		return this.bytesWritten;
	}

	/** Appends the characters of {@code s} as ISO-8859-1 bytes (each character's low byte). */
	public void writeAscii(String s) throws IOException {
		int length = s.length();
		for (int i = 0; i < length; i++) {
			if (this.pos == this.buf.length) {
				flushBuffer();
			}
			this.buf[this.pos++] = (byte) s.charAt(i);
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

	/** Appends one byte (the low 8 bits of {@code b}). */
	public void writeByte(int b) throws IOException {
		if (this.pos == this.buf.length) {
			flushBuffer();
		}
		this.buf[this.pos++] = (byte) b;
	}

	/** Appends bytes: small writes are buffered, large ones go straight to the wire after the buffer. */
	public void write(byte[] b, int off, int len) throws IOException {
		if (len <= this.buf.length - this.pos) {
			System.arraycopy(b, off, this.buf, this.pos, len);
			this.pos += len;
			return;
		}
		flushBuffer();
		if (len < this.buf.length) {
			System.arraycopy(b, off, this.buf, 0, len);
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
		this.wire.write(b, off, len);
		this.bytesWritten += len;
	}
}
