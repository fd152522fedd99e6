package dev.eofpool.transport.internal.pool;

/**
 * A thread waiting at a route's limit. Its fields are written under the pool's lock; the waiting thread parks without
 * the lock and reads {@link #done} (volatile) to learn that the wait is over, so a handed-over connection costs the
 * waiter no second trip through the lock.
 */
final class Waiter {

	final Thread thread = Thread.currentThread();

	/**
	 * Set, last, when the wait is over: a connection was handed over, a slot was granted, or the pool closed. Its
	 * volatile write publishes {@link #connection} and {@link #slotGranted} to the waiting thread.
	 */
	volatile boolean done;

	/** A connection handed over, already leased to this waiter. */
	PooledConnection connection;

	/** A slot reserved for this waiter to connect in. */
	boolean slotGranted;

	/** Next waiter to unpark once the pool's lock is released (the pool's wake list). */
	Waiter nextToWake;
}
