package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;

/**
 * Bytes handed out in reads of at most a given size (a slow network), recording what the reader did: bytes delivered,
 * whether and how often -1 was returned, and whether the stream was closed.
 */
final class RecordingStream extends InputStream {

	private final byte[] data;

	private final int maxChunk;

	private int pos;

	int eofReturns;

	int readsAfterEof;

	boolean closed;

	RecordingStream(byte[] data, int maxChunk) {
		this.data = data;
		this.maxChunk = maxChunk;
	}

	RecordingStream(byte[] data) {
		this(data, Integer.MAX_VALUE);
	}

	/** Bytes handed out so far. */
	int delivered() {
		return this.pos;
	}

	/** Whether a read returned -1. */
	boolean atEof() {
		return this.eofReturns > 0;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (this.closed) {
			throw new IOException("closed");
		}
		if (len == 0) {
			return 0;
		}
		if (this.pos == this.data.length) {
			if (this.eofReturns > 0) {
				this.readsAfterEof++;
			}
			this.eofReturns++;
			return -1;
		}
		int n = Math.min(Math.min(len, this.maxChunk), this.data.length - this.pos);
		System.arraycopy(this.data, this.pos, b, off, n);
		this.pos += n;
		return n;
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
