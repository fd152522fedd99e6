package dev.eofpool.transport.internal.pool;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.eofpool.transport.CloseReason;

/**
 * The pool's one lock, and the work that must wait until it is released. Code under the lock only decides: it queues
 * the waiters whose wait ended ({@link #wake}) and the connections to close ({@link #closeAfter}); {@link #unlock()}
 * releases the lock first, then unparks those waiters and closes those sockets (calling the listeners), so no socket
 * is closed, no listener called and no thread woken while the lock is held.
 */
final class PoolLock {

	private final ReentrantLock lock = new ReentrantLock();

	private final PoolEvents events;

	// this lock: waiters to unpark once it is released, linked through Waiter.nextToWake
	private Waiter toWake;

	// this lock: connections to close once it is released, in the order queued, linked through nextToClose
	private PooledConnection closeHead;

	private PooledConnection closeTail;

	PoolLock(PoolEvents events) {
		this.events = events;
	}

	void lock() {
		this.lock.lock();
	}

	/** Releases the lock; when this was the outermost hold, then unparks the woken waiters and closes the queued. */
	void unlock() {
		if (this.lock.getHoldCount() > 1) {
			this.lock.unlock();
			return;
		}
		Waiter w = this.toWake;
		PooledConnection c = this.closeHead;
		this.toWake = null;
		this.closeHead = null;
		this.closeTail = null;
		this.lock.unlock();
		while (w != null) {
			Waiter next = w.nextToWake;
			w.nextToWake = null;
			w.unpark();
			w = next;
		}
		while (c != null) {
			PooledConnection next = c.nextToClose;
			CloseReason reason = c.closingFor;
			c.nextToClose = null;
			this.events.closed(c, reason);
			c = next;
		}
	}

	/** Returns what {@code decision} decides under the lock, then {@link #unlock()}s (doing the work it queued). */
	<T> T call(Supplier<T> decision) {
		lock();
		try {
			return decision.get();
		}
		finally {
			unlock();
		}
	}

	/** Runs {@code decision} under the lock, then {@link #unlock()}s (doing the work it queued). */
	void run(Runnable decision) {
		lock();
		try {
			decision.run();
		}
		finally {
			unlock();
		}
	}

	/**
	 * A condition of the lock, for the evictor's sleep. Waiting on it releases the lock without {@link #unlock()}, so
	 * the code that waits queues nothing before it.
	 */
	Condition newCondition() {
		return this.lock.newCondition();
	}

	/** Marks the wait as over (last, publishing what it brought) and queues its thread to be unparked. Lock held. */
	void wake(Waiter w) {
		w.done = true;
		w.nextToWake = this.toWake;
		this.toWake = w;
	}

	/** Queues {@code c}, already out of the pool's books, to be closed for {@code reason}. Lock held. */
	void closeAfter(PooledConnection c, CloseReason reason) {
		c.closingFor = reason;
		c.nextToClose = null;
		if (this.closeTail != null) {
			this.closeTail.nextToClose = c;
		}
		else {
			this.closeHead = c;
		}
		this.closeTail = c;
	}
}
