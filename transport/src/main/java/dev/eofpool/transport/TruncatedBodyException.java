package dev.eofpool.transport;

/**
 * The connection ended before the response body's framing did. The message names the route and the bytes expected
 * and received; a body is never returned short without this exception.
 */
public class TruncatedBodyException extends HttpProtocolException {

	private static final long serialVersionUID = 1L;

	/** Body bytes received before the connection ended. */
	private final long received;

	/** Creates the exception with a message naming the route, and the body bytes received. */
	public TruncatedBodyException(String message, long received) {
		super(message);
		this.received = received;
	}

	/** Body bytes received before the end. */
	public long received() {
		return this.received;
	}
}
