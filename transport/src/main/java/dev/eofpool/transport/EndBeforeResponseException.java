package dev.eofpool.transport;

import java.io.EOFException;

/** The server closed the connection before sending any byte of a response (typical of a stale pooled connection). */
public final class EndBeforeResponseException extends EOFException {

	private static final long serialVersionUID = 1L;

	/** Creates the exception with a message naming the route. */
	public EndBeforeResponseException(String message) {
		super(message);
	}
}
