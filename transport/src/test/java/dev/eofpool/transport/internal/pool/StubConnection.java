package dev.eofpool.transport.internal.pool;

import java.net.InetAddress;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;

/**
 * A connection without a socket for the pool's unit tests: it records its close; its probe says what it is told; its
 * address is what it is given ({@code null} unless set).
 */
class StubConnection extends PooledConnection {

	volatile boolean closed;

	volatile CloseReason probeResult;

	volatile InetAddress address;

	StubConnection(Route route, long createdNanos) {
		super(route, createdNanos);
	}

	@Override
	protected void closeSocket() {
		this.closed = true;
	}

	@Override
	public InetAddress address() {
		return this.address;
	}

	@Override
	protected CloseReason probe() {
		return this.probeResult;
	}
}
