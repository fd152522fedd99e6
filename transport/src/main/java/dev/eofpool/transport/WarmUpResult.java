package dev.eofpool.transport;

import java.io.IOException;
import java.util.List;

/**
 * What {@link HttpTransport#warmUp(java.net.URI, int, java.time.Duration)} did for one origin.
 *
 * @param route the route warmed
 * @param requested connections asked for
 * @param opened connections opened (and, for {@code https}, handshaken) and kept idle by this call
 * @param idle idle connections of the route when the call returned
 * @param errors why connections could not be opened (connect, TLS or timeout failures)
 */
public record WarmUpResult(Route route, int requested, int opened, int idle, List<IOException> errors) {

	/** Whether the route holds the connections asked for (limits may have capped them: see {@link #idle()}). */
	public boolean complete() {
		return this.errors.isEmpty();
	}
}
