package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.internal.connection.Connection;

/**
 * A body with neither length nor chunking: it ends when the server closes the connection, which therefore is never
 * reused.
 */
public final class UntilCloseBody extends BodyStream {

	public UntilCloseBody(Connection conn, BodyEnd end) {
		super(conn, end);
	}

	@Override
	protected int readBody(byte[] b, int off, int len) throws IOException {
		int n = this.conn.read(b, off, len);
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
		return this.conn.buffered();
	}
}
