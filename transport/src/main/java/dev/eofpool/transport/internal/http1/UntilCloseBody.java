package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * A body with neither length nor chunking: it ends when the server closes the connection, which therefore is never
 * reused. Over TLS the close must be a {@code close_notify}: a bare TCP close could be an attacker's or a middlebox's
 * cut, and RFC 9112 9.8 counts such a response complete only after a valid {@code close_notify}, so it fails as a
 * {@link TruncatedBodyException}.
 */
public final class UntilCloseBody extends BodyStream {

	/** A body read until the server closes the connection. */
	public UntilCloseBody(WireReader in, BodyEnd end, Route route) {
		super(in, end, route);
	}

	private long received;

	@Override
	protected int readBody(byte[] b, int off, int len) throws IOException {
		int n = this.in.read(b, off, len);
		if (n < 0) {
			if (this.in.endedWithoutCloseNotify()) {
				throw new TruncatedBodyException("Close-delimited response body from " + this.route + " ended after "
						+ this.received + " bytes with a TCP close but no TLS close_notify, so it may be truncated "
						+ "(RFC 9112 9.8)", this.received);
			}
			completed();
			return -1;
		}
		this.received += n;
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
