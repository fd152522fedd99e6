package dev.eofpool.transport;

import java.io.IOException;

/**
 * No connection could be had for a route: its limit was reached and the wait timed out, the exhaustion policy is
 * fail-fast, or waiting could never end (the calling thread holds every connection of the route).
 */
public class PoolExhaustedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final Route route;

	public PoolExhaustedException(Route route, String message) {
		super(message);
		this.route = route;
	}

	public Route route() {
		return this.route;
	}
}
