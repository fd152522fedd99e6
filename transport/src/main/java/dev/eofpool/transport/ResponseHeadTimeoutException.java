package dev.eofpool.transport;

import java.net.SocketTimeoutException;

/**
 * The response head did not arrive in full within the response-head timeout, though each read may have returned in
 * time (a server dripping bytes slowly). The connection is closed.
 */
public final class ResponseHeadTimeoutException extends SocketTimeoutException {

	private static final long serialVersionUID = 1L;

	/** Creates the exception with a message naming the route and the timeout. */
	public ResponseHeadTimeoutException(String message) {
		super(message);
	}
}
