package dev.eofpool.sample.upstream;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * What the upstream endpoints saw, per demo run: the client ports of the connections the requests arrived on, how
 * many requests were in flight at once, and (for the idle-closing upstream) how those connections ended. A connection is counted by
 * its client port, so the numbers come from the server's side of the socket, not from the pool's own accounting.
 * <p>
 * Keeps the last {@value #MAX_RUNS} runs. All state is guarded by {@link #lock}; waiters are woken through
 * {@link #changed}.
 */
@Component
public final class ConnectionLedger {

	static final int MAX_RUNS = 256;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** Runs by id, oldest first; guarded by {@link #lock}. */
	private final Map<String, Run> runs = new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
			return size() > MAX_RUNS;
		}
	};

	/** Records a request of {@code run} arriving on the connection from {@code clientPort}. */
	public void enter(String run, int clientPort) {
		this.lock.lock();
		try {
			Run r = this.runs.computeIfAbsent(run, (id) -> new Run());
			r.clientPorts.add(clientPort);
			r.requests++;
			r.inFlight++;
			r.peakInFlight = Math.max(r.peakInFlight, r.inFlight);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Records that a request of {@code run} has been answered. */
	public void exit(String run) {
		this.lock.lock();
		try {
			Run r = this.runs.get(run);
			if (r != null) {
				r.inFlight--;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Records that a connection whose last request belonged to {@code run} has ended.
	 * @param byServer whether the server closed it for being idle; otherwise the client closed it first
	 */
	public void connectionEnded(String run, boolean byServer) {
		this.lock.lock();
		try {
			Run r = this.runs.computeIfAbsent(run, (id) -> new Run());
			r.ended++;
			if (byServer) {
				r.idleCloses++;
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until {@code run} has had {@code peak} requests in flight at once.
	 * @return whether that happened within the timeout
	 */
	public boolean awaitPeak(String run, int peak, Duration timeout) throws InterruptedException {
		return await(run, timeout, (r) -> r.peakInFlight >= peak);
	}

	/**
	 * Waits until {@code count} connections of {@code run} have ended, closed by either side.
	 * @return whether that happened within the timeout
	 */
	public boolean awaitConnectionsEnded(String run, int count, Duration timeout) throws InterruptedException {
		return await(run, timeout, (r) -> r.ended >= count);
	}

	private boolean await(String run, Duration timeout, Predicate<Run> done)
			throws InterruptedException {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			while (true) {
				Run r = this.runs.get(run);
				if (r != null && done.test(r)) {
					return true;
				}
				if (remaining <= 0) {
					return false;
				}
				remaining = this.changed.awaitNanos(remaining);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** What the server saw of {@code run} so far (all zero for an unknown run). */
	public RunView view(String run) {
		this.lock.lock();
		try {
			Run r = this.runs.get(run);
			return (r != null) ? new RunView(r.clientPorts.size(), r.requests, r.peakInFlight, r.idleCloses)
					: new RunView(0, 0, 0, 0);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The server's view of one run.
	 *
	 * @param connections distinct connections (client ports) the run's requests arrived on
	 * @param requests requests received
	 * @param peakInFlight most requests in flight at once
	 * @param idleCloses idle connections the idle-closing upstream closed (the others were closed by the client first)
	 */
	public record RunView(int connections, long requests, int peakInFlight, int idleCloses) {
	}

	private static final class Run {

		final Set<Integer> clientPorts = new HashSet<>();

		long requests;

		int inFlight;

		int peakInFlight;

		int idleCloses;

		int ended;

	}

}
