package dev.eofpool.transport;

import java.io.IOException;

/**
 * No connection could be had for a route: its limit was reached and the wait timed out, the exhaustion policy is
 * fail-fast, or waiting could never end (the calling thread holds every connection of the route).
 */
public class PoolExhaustedException extends IOException {

	private static final long serialVersionUID = 1L;

	/** The route whose limit was reached. */
	private final Route route;

	/** Creates the exception for {@code route} with a message naming its limit. */
	public PoolExhaustedException(Route route, String message) {
		super(message);
		this.route = route;
	}

	/** The route whose connection limit was reached. */
	public Route route() {
		return this.route;
	}
}
