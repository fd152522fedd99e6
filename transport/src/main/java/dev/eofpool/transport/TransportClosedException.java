package dev.eofpool.transport;

import java.io.IOException;

/** The transport was closed: it takes no new request. */
public class TransportClosedException extends IOException {

	private static final long serialVersionUID = 1L;

	/** Creates the exception with a message naming the route. */
	public TransportClosedException(String message) {
		super(message);
	}
}
