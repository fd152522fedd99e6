package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.WarmUpResult;
import dev.eofpool.transport.internal.pool.ConnectionPool;
import dev.eofpool.transport.internal.pool.HostOperations;

/**
 * Warm-up: opens a route's connections before traffic, in parallel within a bound, and keeps that many idle
 * afterwards. As a pool listener it hears every close of a warmed route's connection (server close, idle eviction,
 * lifetime, drain) and opens a replacement on its background thread; the pool's {@link HostOperations#warm} keeps each
 * one within the host's limits, the pool-wide idle limit and the total, so a replacement never overshoots. A
 * connection the pool retired for an idle limit (the host's or the pool-wide one) is not replaced.
 */
public final class WarmUp implements PoolListener {

	private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());

	/** The dialer warm-up connects with: the connector, with a connect timeout. */
	@FunctionalInterface
	public interface Dialers {

		ConnectionPool.Dialer<Connection> dialer(Route route, Duration connectTimeout);
	}

	private final ConnectionPool<Connection> pool;

	private final Dialers dialers;

	/** Idle connections to keep per warmed route. */
	private final Map<Route, Integer> targets = new ConcurrentHashMap<>();

	/** The warmed routes with a refill queued and not yet begun: a burst of closes queues one refill per route. */
	private final Set<Route> queued = ConcurrentHashMap.newKeySet();

	/** Opens replacements, one at a time, and again once a drain's refusal is over; its thread starts with the first. */
	private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "eofpool-keep-warm");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean closed;

	public WarmUp(ConnectionPool<Connection> pool, Dialers dialers) {
		this.pool = pool;
		this.dialers = dialers;
	}

	public WarmUpResult warmUp(Route route, int connections, Duration timeout) {
		if (connections < 0) {
			throw new IllegalArgumentException("connections must be at least 0, was " + connections);
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be a positive duration, was " + timeout);
		}
		HostSettings settings = this.pool.settings(route);
		int target = Math.min(connections, Math.min(settings.maxIdle(), settings.maxConnections()));
		List<IOException> errors = new CopyOnWriteArrayList<>();
		AtomicInteger opened = new AtomicInteger();
		if (target > 0) {
			this.targets.put(route, target);
			Duration connectTimeout = (timeout.compareTo(settings.connectTimeout()) < 0) ? timeout
					: settings.connectTimeout();
			ConnectionPool.Dialer<Connection> dialer = this.dialers.dialer(route, connectTimeout);
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < target; i++) {
				Thread thread = new Thread(() -> {
					try {
						if (this.pool.operations().warm(route, dialer, target)) {
							opened.incrementAndGet();
						}
					}
					catch (IOException ex) {
						errors.add(ex);
					}
					catch (RuntimeException ex) {
						errors.add(new IOException("Warm-up of " + route + " failed: " + ex, ex));
					}
				}, "eofpool-warm-up");
				thread.setDaemon(true);
				thread.start();
				threads.add(thread);
			}
			// a bound in real time on threads that connect: thread joins wait on the real clock, as the IoWatchdog does, so
			// this reads the system ticker, not the pool's (a manual one in tests)
			long deadline = Ticker.SYSTEM.nanoTime() + timeout.toNanos();
			boolean late = false;
			for (Thread thread : threads) {
				long left = deadline - Ticker.SYSTEM.nanoTime();
				try {
					if (left > 0) {
						thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					late = true;
					break;
				}
				late |= thread.isAlive();
			}
			if (late) {
				errors.add(new SocketTimeoutException("Warm-up of " + route + " did not finish within "
						+ timeout.toMillis() + " ms (the connections still opening are kept when they succeed)"));
			}
		}
		RouteStats stats = this.pool.stats().routes().get(route);
		int idle = (stats != null) ? stats.idle() : 0;
		return new WarmUpResult(route, connections, opened.get(), idle, List.copyOf(errors));
	}

	@Override
	public void connectionClosed(Route route, CloseReason reason) {
		// a connection the pool retired for an idle limit is not replaced: the replacement would only retire another
		if (this.closed || reason == CloseReason.TRANSPORT_CLOSED || reason == CloseReason.IDLE_LIMIT_TOTAL
				|| reason == CloseReason.IDLE_LIMIT_HOST || !this.targets.containsKey(route)
				|| !this.queued.add(route)) {
			return;
		}
		try {
			this.background.execute(() -> refill(route));
		}
		catch (RejectedExecutionException ex) {
			// closed meanwhile
			this.queued.remove(route);
		}
	}

	private void refill(Route route) {
		// taken out first: a close from now on queues another refill, which finds what this one leaves
		this.queued.remove(route);
		Integer target = this.targets.get(route);
		if (target == null) {
			return;
		}
		HostSettings settings = this.pool.settings(route);
		ConnectionPool.Dialer<Connection> dialer = this.dialers.dialer(route, settings.connectTimeout());
		try {
			while (!this.closed && this.pool.operations().warm(route, dialer, target)) {
				// one more opened and kept; look again
			}
			long refused = this.pool.operations().refusedFor(route);
			if (refused > 0 && !this.closed) {
				// drained with a refusal: refill once it is over (the ticker's time, as a delay on the system clock)
				this.background.schedule(() -> refill(route), refused + 1_000_000, TimeUnit.NANOSECONDS);
			}
		}
		catch (RejectedExecutionException ex) {
			// the transport closed meanwhile
		}
		catch (IOException | RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "eofpool could not re-open a warm connection to " + route + ": "
					+ ex.getMessage());
		}
	}

	/**
	 * For tests: waits up to {@code timeout} for the refills queued so far to end (the background thread runs them in
	 * order, one at a time); those scheduled for after a drain's refusal are not waited for.
	 * @return whether they ended in time ({@code true} once closed)
	 */
	public boolean refillsDone(Duration timeout) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(1);
		try {
			this.background.execute(done::countDown);
		}
		catch (RejectedExecutionException ex) {
			return true;
		}
		return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Stops re-opening connections in the background. */
	public void close() {
		this.closed = true;
		this.background.shutdownNow();
	}
}
