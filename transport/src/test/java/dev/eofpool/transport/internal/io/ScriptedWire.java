package dev.eofpool.transport.internal.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Wire} over bytes given in advance: each read returns at most {@code chunk} bytes (as a socket returns what
 * has arrived), then -1 at the end. Counts the calls so tests can prove which ones the buffers make. A plain wire
 * is {@link #vectored()} (one call for two arrays), as a plain socket's channel is; a decrypting one is not, as TLS.
 */
public final class ScriptedWire implements Wire {

	private final byte[] input;

	private final int chunk;

	private final boolean decrypts;

	private int pos;

	private int reads;

	private int availableCalls;

	private int writes;

	private final ByteArrayOutputStream written = new ByteArrayOutputStream();

	/** The arrays handed to the writes, in order (a gathering write hands two). */
	private final java.util.List<byte[]> arrays = new java.util.ArrayList<>();

	/** The byte counts of the writes, in order (a gathering write counts as one). */
	private final java.util.List<Integer> lengths = new java.util.ArrayList<>();

	/** A plain wire returning at most {@code chunk} bytes per read. */
	public ScriptedWire(byte[] input, int chunk) {
		this(input, chunk, false);
	}

	/** A wire returning at most {@code chunk} bytes per read, decrypting like TLS when {@code decrypts}. */
	public ScriptedWire(byte[] input, int chunk, boolean decrypts) {
		this.input = input;
		this.chunk = chunk;
		this.decrypts = decrypts;
	}

	/** A plain wire over the ISO-8859-1 bytes of {@code text}. */
	public static ScriptedWire of(String text, int chunk) {
		return new ScriptedWire(text.getBytes(StandardCharsets.ISO_8859_1), chunk);
	}

	@Override
	public int read(byte[] b, int off, int len) {
		this.reads++;
		if (this.pos == this.input.length) {
			return -1;
		}
		int n = Math.min(Math.min(len, this.chunk), this.input.length - this.pos);
		System.arraycopy(this.input, this.pos, b, off, n);
		this.pos += n;
		return n;
	}

	@Override
	public void write(byte[] b, int off, int len) {
		this.writes++;
		this.arrays.add(b);
		this.lengths.add(len);
		this.written.write(b, off, len);
	}

	@Override
	public boolean vectored() {
		return !this.decrypts;
	}

	@Override
	public int read(byte[] b, int off, int len, byte[] spill, int spillLen) {
		if (this.decrypts) {
			return read(b, off, len);
		}
		this.reads++;
		if (this.pos == this.input.length) {
			return -1;
		}
		int n = Math.min(Math.min(len + spillLen, this.chunk), this.input.length - this.pos);
		int first = Math.min(n, len);
		System.arraycopy(this.input, this.pos, b, off, first);
		System.arraycopy(this.input, this.pos + first, spill, 0, n - first);
		this.pos += n;
		return n;
	}

	@Override
	public void write(byte[] first, int firstLen, byte[] second, int off, int len) throws IOException {
		if (this.decrypts) {
			Wire.super.write(first, firstLen, second, off, len);
			return;
		}
		this.writes++;
		this.arrays.add(first);
		this.arrays.add(second);
		this.lengths.add(firstLen + len);
		this.written.write(first, 0, firstLen);
		this.written.write(second, off, len);
	}

	@Override
	public void flush() throws IOException {
	}

	@Override
	public int available() {
		this.availableCalls++;
		return this.input.length - this.pos;
	}

	@Override
	public boolean decrypts() {
		return this.decrypts;
	}

	/** Reads made so far. */
	public int reads() {
		return this.reads;
	}

	/** Calls of {@link #available()} so far. */
	public int availableCalls() {
		return this.availableCalls;
	}

	/** Writes made so far. */
	public int writes() {
		return this.writes;
	}

	/** The arrays the writes were given, in order: two for a gathering write. */
	public java.util.List<byte[]> arrays() {
		return this.arrays;
	}

	/** How many bytes each write took, in order. */
	public java.util.List<Integer> lengths() {
		return this.lengths;
	}

	/** Everything written, as ISO-8859-1 text. */
	public String written() {
		return this.written.toString(StandardCharsets.ISO_8859_1);
	}
}
