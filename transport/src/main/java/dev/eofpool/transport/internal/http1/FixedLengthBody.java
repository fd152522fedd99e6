package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.io.WireReader;

/** A body of {@code Content-Length} bytes. Completes inside the read that returns the last byte. */
public final class FixedLengthBody extends BodyStream {

	private final long length;

	private long remaining;

	/** A body of {@code length} bytes; one of no bytes has ended (and called its end hook) when this returns. */
	public FixedLengthBody(WireReader in, BodyEnd end, long length, Route route) {
		super(in, end, route);
		this.length = length;
		this.remaining = length;
		if (length == 0) {
			completed();
		}
	}

	@Override
	protected int readBody(byte[] b, int off, int len) throws IOException {
		if (this.remaining == 0) {
			return -1;
		}
		int n = this.in.readWithin(b, off, len, this.remaining);
		if (n < 0) {
			long received = this.length - this.remaining;
			throw new TruncatedBodyException("Response body from " + this.route + " ended after " + received + " of "
					+ this.length + " bytes (Content-Length)", received);
		}
		this.remaining -= n;
		if (this.remaining == 0) {
			completed();
		}
		return n;
	}

	@Override
	protected long knownRemaining() {
		return this.remaining;
	}

	@Override
	protected int bufferedBody() {
		return (int) Math.min(this.in.available(), this.remaining);
	}
}
