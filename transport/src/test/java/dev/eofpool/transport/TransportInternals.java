package dev.eofpool.transport;

import dev.eofpool.transport.internal.io.BufferPools;
import dev.eofpool.transport.internal.pool.ConnectionPool;

/** What the transport's tests in other packages may reach of a transport's internals. */
public final class TransportInternals {

	private TransportInternals() {
	}

	/** The transport's pool, to drive eviction by hand. */
	public static ConnectionPool<?> pool(HttpTransport transport) {
		return transport.pool();
	}

	/** The pools lending the transport's connection buffers, to count what they lent and keep. */
	public static BufferPools buffers(HttpTransport transport) {
		return transport.buffers();
	}
}
