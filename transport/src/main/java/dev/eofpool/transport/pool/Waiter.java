package dev.eofpool.transport.pool;

import java.util.concurrent.locks.Condition;

/** A thread waiting at a route's limit. Guarded by the pool's lock. */
final class Waiter {

	final Condition condition;

	final Thread thread = Thread.currentThread();

	/** Set when the wait is over: a connection was handed over, a slot was granted, or the pool closed. */
	boolean done;

	/** A connection handed over, already leased to this waiter. */
	PooledConnection connection;

	/** A slot reserved for this waiter to connect in. */
	boolean slotGranted;

	Waiter(Condition condition) {
		this.condition = condition;
	}
}
