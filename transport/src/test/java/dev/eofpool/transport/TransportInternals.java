package dev.eofpool.transport;

import dev.eofpool.transport.internal.pool.ConnectionPool;

/** What the transport's tests in other packages may reach of a transport's internals. */
public final class TransportInternals {

	private TransportInternals() {
	}

	/** The transport's pool, to drive eviction by hand. */
	public static ConnectionPool<?> pool(HttpTransport transport) {
		return transport.pool();
	}
}
