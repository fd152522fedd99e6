package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;

/** A connection without a socket for the pool's unit tests: it records its close; its probe says what it is told. */
class StubConnection extends PooledConnection {

	volatile boolean closed;

	volatile CloseReason probeResult;

	StubConnection(Route route, long createdNanos) {
		super(route, createdNanos);
	}

	@Override
	protected void closeSocket() {
		this.closed = true;
	}

	@Override
	protected CloseReason probe() {
		return this.probeResult;
	}
}
