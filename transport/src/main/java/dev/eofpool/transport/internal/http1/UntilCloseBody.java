package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * A body with neither length nor chunking: it ends when the server closes the connection, which therefore is never
 * reused.
 */
public final class UntilCloseBody extends BodyStream {

	/** A body read until the server closes the connection. */
	public UntilCloseBody(WireReader in, BodyEnd end, Route route) {
		super(in, end, route);
	}

	@Override
	protected int readBody(byte[] b, int off, int len) throws IOException {
		int n = this.in.read(b, off, len);
		if (n < 0) {
			completed();
		}
		return n;
	}

	@Override
	protected long knownRemaining() {
		return -1;
	}

	@Override
	protected boolean drainable() {
		return false;
	}

	@Override
	protected int bufferedBody() {
		return this.in.available();
	}
}
