package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Inflater;

/**
 * The encoded bytes an {@link InflatingStream} reads: one buffer over the wrapped stream, whose unconsumed range
 * {@code [pos, lim)} is the inflater's input, and the count of encoded bytes received (named in failures). Nothing
 * is buffered beyond this one buffer. Used by one thread at a time, like its stream.
 */
final class EncodedInput {

	private static final int BUFFER_SIZE = 8192;

	private final InputStream in;

	/** Encoded bytes read but not yet consumed are {@code buf[pos, lim)}. */
	private final byte[] buf = new byte[BUFFER_SIZE];

	private int pos;

	private int lim;

	private long encodedBytes;

	EncodedInput(InputStream in) {
		this.in = in;
	}

	/** The encoded bytes read from the wrapped stream so far. */
	long encodedBytes() {
		return this.encodedBytes;
	}

	/** Whether at least {@code n} unconsumed bytes are buffered, reading more (and compacting) as needed. */
	boolean ensure(int n) throws IOException {
		if (this.lim - this.pos >= n) {
			return true;
		}
		if (this.pos > 0) {
			System.arraycopy(this.buf, this.pos, this.buf, 0, this.lim - this.pos);
			this.lim -= this.pos;
			this.pos = 0;
		}
		while (this.lim < n) {
			int read = this.in.read(this.buf, this.lim, this.buf.length - this.lim);
			if (read < 0) {
				return false;
			}
			this.lim += read;
			this.encodedBytes += read;
		}
		return true;
	}

	/** Replaces the consumed buffer with the next bytes of the wrapped stream; {@code false} at its end. */
	boolean fill() throws IOException {
		this.pos = 0;
		this.lim = 0;
		return ensure(1);
	}

	/** Gives the unconsumed bytes to the inflater as its input. */
	void feed(Inflater inflater) {
		inflater.setInput(this.buf, this.pos, this.lim - this.pos);
	}

	/** Marks all but the inflater's {@code remaining} input bytes consumed (after its data ended). */
	void consumedAllBut(int remaining) {
		this.pos = this.lim - remaining;
	}

	/** Marks every buffered byte consumed (the inflater took them all). */
	void consumedAll() {
		this.pos = this.lim;
	}

	/** The unconsumed byte {@code at} places ahead, as 0 to 255; {@link #ensure} said it is there. */
	int peek(int at) {
		return this.buf[this.pos + at] & 0xFF;
	}

	/** The buffered bytes ahead that are available without reading (at least 1 after {@link #ensure}). */
	int buffered() {
		return this.lim - this.pos;
	}

	/** Two unconsumed bytes from {@code at}, little-endian. */
	int le16(int at) {
		return peek(at) | (peek(at + 1) << 8);
	}

	/** Four unconsumed bytes from {@code at}, little-endian, unsigned. */
	long le32(int at) {
		return (peek(at) & 0xFFL) | ((peek(at + 1) & 0xFFL) << 8) | ((peek(at + 2) & 0xFFL) << 16)
				| ((peek(at + 3) & 0xFFL) << 24);
	}

	/** Consumes {@code n} buffered bytes, adding them to {@code crc} unless it is {@code null}. */
	void consume(int n, CRC32 crc) {
		if (crc != null) {
			crc.update(this.buf, this.pos, n);
		}
		this.pos += n;
	}

}
