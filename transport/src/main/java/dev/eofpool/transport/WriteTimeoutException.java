package dev.eofpool.transport;

import java.net.SocketTimeoutException;

/**
 * Sending the request blocked longer than the timeout: the server stopped reading it (its receive window stayed full).
 * The same timeout bounds each blocking read and each blocking write. The connection is closed, never pooled, and the
 * request is not sent again.
 */
public final class WriteTimeoutException extends SocketTimeoutException {

	private static final long serialVersionUID = 1L;

	/** Creates the exception with a message naming the route and the timeout. */
	public WriteTimeoutException(String message) {
		super(message);
	}
}
