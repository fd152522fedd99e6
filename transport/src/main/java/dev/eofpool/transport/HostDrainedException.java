package dev.eofpool.transport;

import java.io.IOException;

/**
 * A request needed a new connection to a host that was drained with a refusal time
 * ({@link HttpTransport#drain(String, java.time.Duration)}) that has not run out yet; it failed at once.
 */
public class HostDrainedException extends IOException {

	private static final long serialVersionUID = 1L;

	/** The route refused. */
	private final Route route;

	/** Creates the exception for {@code route} with a message naming the host and the time left. */
	public HostDrainedException(Route route, String message) {
		super(message);
		this.route = route;
	}

	/** The route whose host refuses new connections. */
	public Route route() {
		return this.route;
	}
}
