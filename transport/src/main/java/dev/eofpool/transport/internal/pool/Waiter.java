package dev.eofpool.transport.internal.pool;

import java.util.concurrent.locks.LockSupport;

import dev.eofpool.transport.Ticker;

/**
 * One thread waiting at a route's limit. Its fields are written under the pool's lock; the waiting thread parks
 * without the lock and reads {@link #done} (volatile) to learn that the wait is over, so a handed-over connection
 * costs the waiter no second trip through the lock. The waker unparks it only once it may have parked
 * ({@link #mayPark}): a wait that ends before its thread parks costs the waker no unpark (for a virtual thread, no
 * resubmission to its scheduler).
 */
final class Waiter {

	final Thread thread = Thread.currentThread();

	/**
	 * Set, last, under the pool lock when the wait is over: a connection was handed over, a slot was granted, or the
	 * pool closed. Its volatile write publishes {@link #connection} and {@link #slotGranted} to the waiting thread.
	 */
	volatile boolean done;

	/**
	 * Set (volatile) by the waiting thread before it first parks, then checked against {@link #done} again: the
	 * waker writes {@code done} and then reads this, the waiter writes this and then reads {@code done}, so either the
	 * waker sees it and unparks, or the waiter sees {@code done} and does not park. Never cleared (a late unpark only
	 * leaves a permit, which a park loop tolerates).
	 */
	volatile boolean mayPark;

	// pool lock: a connection handed over, already leased to this waiter
	PooledConnection connection;

	// pool lock: a slot reserved for this waiter to connect in
	boolean slotGranted;

	// pool lock: the route of a waiter queued for the total (TotalCap), null in a route's own queue
	RouteState capRoute;

	// pool lock: woken from the total's queue with neither connection nor slot: its route filled up, look again
	boolean lookAgain;

	// pool lock: the next waiter to unpark once the lock is released (PoolLock's wake list)
	Waiter nextToWake;

	// pool lock: the queue it waits in (null once out of it) and its neighbours there
	WaitQueue queuedIn;

	Waiter queuePrev;

	Waiter queueNext;

	// pool lock: the next waiter to unpark, its wait not over, once the lock is released (PoolLock's nudge list)
	Waiter nextToNudge;

	boolean nudgeQueued;

	/** What {@link #parkWatched} ended with. */
	enum Parked {
		/** The wait is over: {@link #done}. */
		DONE,
		/** The acquire timeout passed, or the thread was interrupted (the wait may still end just then). */
		OVER,
		/** This waiter is its queue's keeper and must look at the others' deadlines (under the lock) first. */
		WATCH
	}

	// written at enqueue under the lock by the waiting thread itself: the wait is timed from enqueuedAt on the ticker,
	// for timeoutNanos, and when watched its queue's keeper may watch that deadline for it (parkWatched)
	boolean watched;

	long enqueuedAt;

	long timeoutNanos;

	/**
	 * Whether it may park without a timeout because its queue's keeper watches its deadline (volatile: cleared, after
	 * {@link #watching}, when it becomes the keeper, then its thread is unparked).
	 */
	volatile boolean untimed;

	// the keeper's own, written under the lock (by itself, or cleared before untimed by whoever made it keeper): its
	// watch is set, and the next deadline of another waiter falls watchFor after watchFrom on the ticker
	boolean watching;

	long watchFrom;

	long watchFor;

	/**
	 * Parks the waiting thread, without the lock, until the wait is over, up to {@code timeoutNanos} on the ticker
	 * (parking in between is bounded by the time left), or until the thread is interrupted.
	 * @return whether the wait is over; {@code false} at the timeout or interrupt (the wait may still end just then)
	 */
	boolean park(Ticker ticker, long timeoutNanos, Object blocker) {
		return park(ticker, ticker.nanoTime(), timeoutNanos, blocker);
	}

	/**
	 * {@link #park(Ticker, long, Object)} up to the deadline set at enqueue: {@link #timeoutNanos} after
	 * {@link #enqueuedAt} on the ticker.
	 */
	boolean park(Ticker ticker, Object blocker) {
		return park(ticker, this.enqueuedAt, this.timeoutNanos, blocker);
	}

	private boolean park(Ticker ticker, long from, long timeoutNanos, Object blocker) {
		while (!this.done) {
			long remaining = timeoutNanos - (ticker.nanoTime() - from); // no overflow, however long the timeout
			if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
				return false;
			}
			if (!this.mayPark) {
				this.mayPark = true;
				if (this.done) {
					return true;
				}
			}
			LockSupport.parkNanos(blocker, remaining);
		}
		return true;
	}

	/**
	 * {@link #park} for a waiter queued with a deadline ({@link #watched}): a waiter whose deadline its queue's keeper
	 * watches parks without a timeout (for a virtual thread, no timer to set and cancel per wait); the keeper parks
	 * until its own deadline or the next deadline it watches, whichever is first, and then returns
	 * {@link Parked#WATCH}.
	 */
	Parked parkWatched(Ticker ticker, Object blocker) {
		while (!this.done) {
			long now = ticker.nanoTime();
			long remaining = this.timeoutNanos - (now - this.enqueuedAt); // no overflow, however long the timeout
			if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
				return Parked.OVER;
			}
			if (!this.mayPark) {
				this.mayPark = true;
				if (this.done) {
					return Parked.DONE;
				}
			}
			if (this.untimed) {
				LockSupport.park(blocker);
				continue;
			}
			long watch = this.watchFor - (now - this.watchFrom);
			if (!this.watching || watch <= 0) {
				return Parked.WATCH;
			}
			LockSupport.parkNanos(blocker, Math.min(remaining, watch));
		}
		return Parked.DONE;
	}

	/** Unparks the waiting thread if it may have parked. Called once {@link #done} is set, never under the lock. */
	void unpark() {
		if (this.mayPark) {
			LockSupport.unpark(this.thread);
		}
	}
}
