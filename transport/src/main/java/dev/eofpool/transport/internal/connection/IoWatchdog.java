package dev.eofpool.transport.internal.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.eofpool.transport.Ticker;

/**
 * Enforces read and write timeouts for every connection of the JVM, so that reads and writes can be plain blocking
 * calls.
 * <p>
 * Why: a socket timeout ({@code SO_TIMEOUT}) on a {@link java.nio.channels.SocketChannel}'s socket makes each read
 * switch the channel to non-blocking mode and back, four {@code fcntl} calls around one {@code read}; on loopback that
 * was the largest single cost of a request. Without a socket timeout a read is one system call, and a read that outlives
 * its deadline is ended by this watchdog closing the socket, which a connection whose read timed out needs anyway:
 * it is never reused. Writes are bounded the same way (a socket timeout never bounded them).
 * <p>
 * How: a connection joins the watched set once ({@link #watch}) and leaves it when it closes. Before each blocking read
 * or write it publishes when that call must end ({@link Connection#ioUntil()}) and clears it after (a read by
 * compare-and-set, which tells it whether the watchdog took the deadline first to close the socket). One daemon
 * thread sleeps until the earliest published deadline, picks the connections whose deadline passed under its lock,
 * closes them after unlocking (a close may block, and a publisher may be waiting for the lock to wake it) and sleeps
 * again. Publishing costs a volatile write and read; the thread is woken only when a deadline is earlier than the one
 * it sleeps until (with equal timeouts, rarely: a new read's deadline is later than every earlier read's).
 * <p>
 * Ordering: a connection writes its deadline and then reads {@link #scanning}, {@link #idle} and {@link #wakeAt}; the
 * thread writes {@link #scanning} before it reads the deadlines and publishes {@link #wakeAt} and {@link #idle} before
 * it clears {@link #scanning}. Either the scan sees the new deadline, or the connection sees a scan in progress or the
 * result of the scan that missed it, and wakes the thread. While the thread closes sockets outside the lock,
 * {@link #scanning} stays set and it scans again before sleeping: a wake-up signalled meanwhile finds nobody waiting,
 * and the new scan reads the deadline it was for.
 * <p>
 * Time: the thread sleeps on the real clock, so the watchdog reads its own {@link Ticker} (the system's, injected
 * here); a connection whose transport runs on another ticker publishes the time left of its deadline on this one.
 */
final class IoWatchdog implements Runnable {

	static final IoWatchdog INSTANCE = new IoWatchdog(Ticker.SYSTEM);

	private final Ticker ticker;

	private final Set<Connection> watched = ConcurrentHashMap.newKeySet();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wake = this.lock.newCondition();

	private volatile boolean started;

	/** Whether the thread is between reading the deadlines and publishing what it found. */
	private volatile boolean scanning;

	/** Whether the thread sleeps with no deadline (it saw no call in progress). */
	private volatile boolean idle = true;

	/** The {@link #ticker} time the thread sleeps until, when not {@link #idle}. */
	private volatile long wakeAt;

	/** The connections whose deadline passed, picked under the lock and closed after it (watchdog thread only). */
	private final List<Connection> expired = new ArrayList<>();

	private IoWatchdog(Ticker ticker) {
		this.ticker = ticker;
	}

	/** The clock deadlines are published on. */
	Ticker ticker() {
		return this.ticker;
	}

	/** Adds the connection to the watched set; its reads are bounded from now on. */
	void watch(Connection conn) {
		if (!this.started) {
			start();
		}
		this.watched.add(conn);
	}

	/** Removes the connection (closed, or handed over to another). */
	void unwatch(Connection conn) {
		this.watched.remove(conn);
	}

	/** Called after the connection published a deadline: wakes the thread when it would sleep past it. */
	void deadlinePublished(long until) {
		if (this.scanning || this.idle || until - this.wakeAt < 0) {
			this.lock.lock();
			try {
				this.wake.signal();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	private void start() {
		this.lock.lock();
		try {
			if (!this.started) {
				Thread thread = new Thread(this, "eofpool-io-watchdog");
				thread.setDaemon(true);
				thread.start();
				this.started = true;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void run() {
		this.lock.lock();
		try {
			while (true) {
				this.scanning = true;
				long now = this.ticker.nanoTime();
				long next = 0;
				boolean any = false;
				for (Connection conn : this.watched) {
					if (conn.isClosed()) {
						// normally gone already (closing unwatches); this catches one watched again after its close
						this.watched.remove(conn);
						continue;
					}
					long until = conn.ioUntil();
					if (until == 0) {
						continue;
					}
					if (until - now <= 0) {
						this.expired.add(conn);
						continue;
					}
					if (!any || until - next < 0) {
						next = until;
						any = true;
					}
				}
				if (!this.expired.isEmpty()) {
					closeExpired();
					continue; // still scanning: deadlines published while the lock was free are read next
				}
				this.wakeAt = next;
				this.idle = !any;
				this.scanning = false;
				try {
					if (any) {
						this.wake.awaitNanos(next - now);
					}
					else {
						this.wake.await();
					}
				}
				catch (InterruptedException ex) {
					// nobody interrupts this thread on purpose; keep watching
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the expired connections with the lock released, then takes it again. Race: a call may end between the
	 * scan and the close, and its thread start another; the deadline is read again just before closing, so only a
	 * call still past its deadline is ended, and the connection closes only if it takes that very deadline back from
	 * the call by compare-and-set ({@link Connection#ioTimedOut}): a read that ended first took it back itself, and
	 * one that ends after fails as timed out, so a socket closed here is never kept as if the read had ended in time.
	 */
	private void closeExpired() {
		this.lock.unlock();
		try {
			for (Connection conn : this.expired) {
				long until = conn.ioUntil();
				if (until != 0 && until - this.ticker.nanoTime() <= 0) {
					conn.ioTimedOut(until);
				}
			}
		}
		finally {
			this.expired.clear();
			this.lock.lock();
		}
	}

}
