package dev.eofpool.transport.internal.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * or write it publishes when that call must end ({@link Connection#ioUntil()}) and clears it after. One daemon thread sleeps
 * until the earliest published deadline, closes the connections whose deadline passed and sleeps again. Publishing
 * costs a volatile write and read; the thread is woken only when a deadline is earlier than the one it sleeps until
 * (with equal timeouts, rarely: a new read's deadline is later than every earlier read's).
 * <p>
 * Ordering: a connection writes its deadline and then reads {@link #scanning}, {@link #idle} and {@link #wakeAt}; the
 * thread writes {@link #scanning} before it reads the deadlines and publishes {@link #wakeAt} and {@link #idle} before
 * it clears {@link #scanning}. Either the scan sees the new deadline, or the connection sees a scan in progress or the
 * result of the scan that missed it, and wakes the thread.
 */
final class IoWatchdog implements Runnable {

	static final IoWatchdog INSTANCE = new IoWatchdog();

	private final Set<Connection> watched = ConcurrentHashMap.newKeySet();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wake = this.lock.newCondition();

	private volatile boolean started;

	/** Whether the thread is between reading the deadlines and publishing what it found. */
	private volatile boolean scanning;

	/** Whether the thread sleeps with no deadline (it saw no call in progress). */
	private volatile boolean idle = true;

	/** The {@link System#nanoTime()} the thread sleeps until, when not {@link #idle}. */
	private volatile long wakeAt;

	private IoWatchdog() {
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
				long now = System.nanoTime();
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
						conn.ioTimedOut();
						continue;
					}
					if (!any || until - next < 0) {
						next = until;
						any = true;
					}
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

}
