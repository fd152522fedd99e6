package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.testfixtures.Waits;

/**
 * The clock of a lease and of a return: a lock taken at once is taken at the time read just before it, so the
 * uncontended lease and return read the clock once each; a lock that had to be waited for is taken later, and the
 * decisions under it (idle expiry, lifetime) use the clock read again then; a wait at the limit is timed from the
 * acquire's own read.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaseClockTest {

	private final Route route = new Route("http", "a", 80);

	@Test
	void anUncontendedLeaseAndReturnOfAnIdleConnectionReadTheClockTwice() throws Exception {
		ManualTicker manual = new ManualTicker();
		AtomicInteger reads = new AtomicInteger();
		Ticker counting = () -> {
			reads.incrementAndGet();
			return manual.nanoTime();
		};
		ConnectionPool<StubConnection> pool = pool(counting, Duration.ZERO);
		StubConnection c = pool.acquire(this.route, (r) -> new StubConnection(r, manual.nanoTime()));
		assertThat(pool.release(c, ReleaseOutcome.KEEP)).isTrue();
		reads.set(0);
		assertThat(pool.acquire(this.route, (r) -> new StubConnection(r, manual.nanoTime()))).isSameAs(c);
		assertThat(pool.release(c, ReleaseOutcome.KEEP)).isTrue();
		assertThat(reads.get()).as("clock reads of one lease and return").isEqualTo(2);
		pool.close();
	}

	@Test
	void aLeaseThatWaitedForTheLockDoesNotTakeAConnectionThatExpiredMeanwhile() throws Exception {
		ManualTicker ticker = new ManualTicker();
		ConnectionPool<StubConnection> pool = pool(ticker, Duration.ZERO);
		StubConnection old = pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime()));
		assertThat(pool.release(old, ReleaseOutcome.KEEP)).isTrue();
		CompletableFuture<Object> leased = new CompletableFuture<>();
		Thread lessee = new Thread(() -> {
			try {
				leased.complete(pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime())));
			}
			catch (Throwable ex) {
				leased.complete(ex);
			}
		});
		PoolLock lock = pool.lock();
		lock.lock();
		try {
			lessee.start(); // reads the clock while the idle connection is fresh, then waits for the lock
			Waits.until(lock::hasQueuedThreads, "the lease waiting for the lock");
			ticker.advance(1, TimeUnit.MINUTES); // past the 10 s idle timeout
		}
		finally {
			lock.unlock();
		}
		Object got = leased.get(10, TimeUnit.SECONDS);
		assertThat(got).as("what the lease got").isInstanceOf(StubConnection.class).isNotSameAs(old);
		assertThat(old.closed).as("the expired connection closed").isTrue();
		RouteStats s = route(pool);
		assertThat(s.opened()).isEqualTo(2);
		assertThat(s.closed()).isEqualTo(1);
		assertThat(s.leased()).isEqualTo(1);
		assertThat(s.idle()).isZero();
		pool.close();
		lessee.join(TimeUnit.SECONDS.toMillis(10));
	}

	@Test
	void aReturnThatWaitedForTheLockClosesAConnectionWhoseLifetimeEndedMeanwhile() throws Exception {
		ManualTicker ticker = new ManualTicker();
		ConnectionPool<StubConnection> pool = pool(ticker, Duration.ofSeconds(10));
		StubConnection c = pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime()));
		ticker.advance(5, TimeUnit.SECONDS); // before the lifetime's earliest end (9 s, with its jitter)
		CompletableFuture<Boolean> kept = new CompletableFuture<>();
		Thread releaser = new Thread(() -> kept.complete(pool.release(c, ReleaseOutcome.KEEP)));
		PoolLock lock = pool.lock();
		lock.lock();
		try {
			releaser.start(); // reads the clock within the lifetime, then waits for the lock
			Waits.until(lock::hasQueuedThreads, "the return waiting for the lock");
			ticker.advance(1, TimeUnit.MINUTES); // past the lifetime
		}
		finally {
			lock.unlock();
		}
		assertThat(kept.get(10, TimeUnit.SECONDS)).as("kept").isFalse();
		assertThat(c.closed).as("closed at the end of its lifetime").isTrue();
		RouteStats s = route(pool);
		assertThat(s.idle() + s.leased()).isZero();
		assertThat(s.requests()).isEqualTo(1);
		pool.close();
		releaser.join(TimeUnit.SECONDS.toMillis(10));
	}

	@Test
	void aWaitAtTheLimitIsTimedFromTheAcquiresOwnClockRead() throws Exception {
		ManualTicker manual = new ManualTicker();
		AtomicReference<Thread> reader = new AtomicReference<>();
		// the waiter's first read (its acquire's) sees the time, then the clock is 3 s on: a second read before
		// queueing would time the wait from 3 s later
		Ticker jumping = () -> {
			if (reader.compareAndSet(Thread.currentThread(), null)) {
				long t = manual.nanoTime();
				manual.advance(3, TimeUnit.SECONDS);
				return t;
			}
			return manual.nanoTime();
		};
		ConnectionPool<StubConnection> pool = new ConnectionPool<>(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(5))
			.ticker(jumping)
			.backgroundEviction(false)
			.build(), StubConnection.class);
		StubConnection held = pool.acquire(this.route, (r) -> new StubConnection(r, manual.nanoTime()));
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			reader.set(Thread.currentThread());
			try {
				outcome.complete(pool.acquire(this.route, (r) -> new StubConnection(r, manual.nanoTime())));
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		waiter.start();
		// watched without the pool's lock: a look at the pool's figures while the waiter leases would make it wait for
		// the lock, and a lease that waited for the lock reads the clock again (past the jump), as it should
		Waits.until(() -> waiter.getState() == Thread.State.TIMED_WAITING, "the waiter parked");
		assertThat(route(pool).waiting()).isEqualTo(1);
		assertThat(reader.get()).as("the jump happened").isNull();
		// 6 s after the acquire began (3 s after the jump): past its 5 s timeout only when timed from its start
		manual.advance(3, TimeUnit.SECONDS);
		LockSupport.unpark(waiter);
		assertThat(outcome.get(10, TimeUnit.SECONDS)).as("the wait's end").isInstanceOf(PoolExhaustedException.class);
		assertThat(route(pool).waiting()).isZero();
		pool.release(held, ReleaseOutcome.KEEP);
		pool.close();
		waiter.join(TimeUnit.SECONDS.toMillis(10));
	}

	private static RouteStats route(ConnectionPool<StubConnection> pool) {
		return pool.stats().routes().values().iterator().next();
	}

	/** One connection per host, a 10 s idle timeout, the given lifetime (zero: none), no background eviction. */
	private static ConnectionPool<StubConnection> pool(Ticker ticker, Duration maxLifetime) {
		return new ConnectionPool<>(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.idleTimeout(Duration.ofSeconds(10))
			.maxLifetime(maxLifetime)
			.ticker(ticker)
			.backgroundEviction(false)
			.build(), StubConnection.class);
	}
}
