package dev.eofpool.transport.internal.pool;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
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

	// this lock: waiters whose wait is not over to unpark once it is released (to time out or to keep watch)
	private Waiter toNudge;

	// this lock: connections to close once it is released, in the order queued, linked through nextToClose
	private PooledConnection closeHead;

	private PooledConnection closeTail;

	PoolLock(PoolEvents events) {
		this.events = events;
	}

	/**
	 * Takes the lock, parking in its queue while another thread holds it. No spinning first: on a loaded machine (or
	 * with virtual threads on few carriers) a spinner burns the CPU the holder needs, and holds rarely collide.
	 * @return whether it was free at the first try, so a clock read just before still tells the time under the lock
	 */
	boolean lock() {
		if (this.lock.tryLock()) {
			return true;
		}
		this.lock.lock();
		return false;
	}

	/** Releases the lock; when this was the outermost hold, then unparks the woken waiters and closes the queued. */
	void unlock() {
		if (this.toWake == null && this.toNudge == null && this.closeHead == null) {
			// nothing queued (the lease and the return of an idle connection): an outer hold does what is queued later
			this.lock.unlock();
			return;
		}
		if (this.lock.getHoldCount() > 1) {
			this.lock.unlock();
			return;
		}
		Waiter w = this.toWake;
		Thread[] nudged = (this.toNudge != null) ? takeNudged() : null;
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
		if (nudged != null) {
			for (Thread t : nudged) {
				LockSupport.unpark(t);
			}
		}
		while (c != null) {
			PooledConnection next = c.nextToClose;
			CloseReason reason = c.closingFor;
			c.nextToClose = null;
			this.events.closed(c, reason);
			c = next;
		}
	}

	/**
	 * Empties the nudge list, lock held: a waiter may be nudged again in a later hold of the lock, so its links are
	 * cleared before the lock is released (nudges are rare: timeouts and the keeper's hand-on).
	 */
	private Thread[] takeNudged() {
		int n = 0;
		for (Waiter w = this.toNudge; w != null; w = w.nextToNudge) {
			n++;
		}
		Thread[] out = new Thread[n];
		Waiter w = this.toNudge;
		for (int i = 0; i < n; i++) {
			Waiter next = w.nextToNudge;
			out[i] = w.thread;
			w.nextToNudge = null;
			w.nudgeQueued = false;
			w = next;
		}
		this.toNudge = null;
		return out;
	}

	/** For tests: whether a thread is parked waiting for the lock. */
	boolean hasQueuedThreads() {
		return this.lock.hasQueuedThreads();
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

	/**
	 * Queues {@code w}'s thread to be unparked, its wait not over: to find its deadline passed, or to take up the
	 * keeper's watch. Queued at most once per hold of the lock. Lock held.
	 */
	void nudge(Waiter w) {
		if (w.nudgeQueued) {
			return;
		}
		w.nudgeQueued = true;
		w.nextToNudge = this.toNudge;
		this.toNudge = w;
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
