package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The hand-over of a released connection to a waiter: a wait that times out just as a connection is handed to it
 * keeps that connection (nothing is lost from the books), a wait that ends before its thread parks costs the waker no
 * unpark, and only one waiter per queue (its keeper) parks with a timer, ending the others' waits at their deadlines.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandOverTest {

	private final Route route = new Route("http", "a", 80);

	/**
	 * A manual clock that, read once by {@link #reader} while {@link #hook} is set, runs the hook first and then
	 * jumps {@code jump} ahead: the read that decides a timeout happens after what the hook did.
	 */
	private static final class HookedTicker implements Ticker {

		final AtomicLong nanos = new AtomicLong(1_000_000_000L);

		final AtomicReference<Runnable> hook = new AtomicReference<>();

		volatile Thread reader;

		volatile long jump;

		@Override
		public long nanoTime() {
			if (Thread.currentThread() == this.reader) {
				Runnable h = this.hook.getAndSet(null);
				if (h != null) {
					h.run();
					return this.nanos.addAndGet(this.jump);
				}
			}
			return this.nanos.get();
		}
	}

	@Test
	void aWaiterTimingOutJustAsAConnectionIsHandedToItKeepsTheConnection() throws Exception {
		HookedTicker ticker = new HookedTicker();
		ConnectionPool<StubConnection> pool = onePerHost(ticker);
		StubConnection held = pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime()));
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				outcome.complete(pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime())));
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		ticker.reader = waiter;
		ticker.jump = TimeUnit.SECONDS.toNanos(6);
		waiter.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (route(pool).waiting() == 0 || waiter.getState() != Thread.State.TIMED_WAITING) {
			assertThat(System.nanoTime()).as("waiter parked").isLessThan(deadline);
			Thread.onSpinWait();
		}
		// the waiter's next clock read (after the unpark below) first sees the connection released on another thread,
		// handed to it, and then the clock past its timeout: the wait is over and timed out at once
		CompletableFuture<Boolean> released = new CompletableFuture<>();
		ticker.hook.set(() -> {
			Thread releaser = new Thread(() -> released.complete(pool.release(held, ReleaseOutcome.KEEP)));
			releaser.start();
			try {
				releaser.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		LockSupport.unpark(waiter);
		assertThat(outcome.get(10, TimeUnit.SECONDS)).as("what the waiter got").isSameAs(held);
		assertThat(ticker.hook.get()).as("hook ran").isNull();
		assertThat(released.get(10, TimeUnit.SECONDS)).as("kept by the release").isTrue();
		RouteStats s = route(pool);
		assertThat(s.leased()).isEqualTo(1);
		assertThat(s.idle() + s.waiting() + s.connecting()).isZero();
		assertThat(s.opened()).isEqualTo(1);
		pool.release(held, ReleaseOutcome.KEEP);
		s = route(pool);
		assertThat(s.idle()).isEqualTo(1);
		assertThat(s.leased()).isZero();
		assertThat(s.opened() - s.closed()).isEqualTo(s.idle() + s.leased());
		assertThat(s.requests()).isEqualTo(2);
		pool.close();
		waiter.join(TimeUnit.SECONDS.toMillis(10));
	}

	@Test
	void aWaitEndedBeforeItsThreadParksCostsTheWakerNoUnpark() {
		PoolLock lock = new PoolLock(new PoolEvents(new RouteTallies(), Ticker.SYSTEM));
		WaitQueue queue = new WaitQueue();
		LockSupport.parkNanos(this, 1); // takes any permit left to this thread
		Waiter w;
		lock.lock();
		try {
			w = queue.enqueue();
		}
		finally {
			lock.unlock();
		}
		StubConnection c = new StubConnection(this.route, 0);
		lock.lock();
		try {
			assertThat(queue.handOver(c, lock)).isTrue();
		}
		finally {
			lock.unlock(); // wakes the waiter, this thread, which has not parked
		}
		assertThat(w.done).isTrue();
		assertThat(w.mayPark).isFalse();
		// an unpark would have left this thread a permit, and this park would return at once
		long before = System.nanoTime();
		LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(200));
		assertThat(System.nanoTime() - before).as("parked without a permit").isGreaterThan(TimeUnit.MILLISECONDS.toNanos(150));
		assertThat(w.park(Ticker.SYSTEM, TimeUnit.SECONDS.toNanos(20), this)).isTrue();
		assertThat(w.connection).isSameAs(c);
	}

	@Test
	void onlyTheQueuesKeeperParksWithATimeoutAndItEndsTheOthersWaitsAtTheirDeadlines() throws Exception {
		ManualTicker ticker = new ManualTicker();
		ConnectionPool<StubConnection> pool = onePerHost(ticker);
		StubConnection held = pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime()));
		List<CompletableFuture<Object>> outcomes = new ArrayList<>();
		List<Thread> waiters = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			CompletableFuture<Object> outcome = new CompletableFuture<>();
			Thread t = new Thread(() -> {
				try {
					outcome.complete(pool.acquire(this.route, (r) -> new StubConnection(r, ticker.nanoTime())));
				}
				catch (Throwable ex) {
					outcome.complete(ex);
				}
			});
			outcomes.add(outcome);
			waiters.add(t);
			t.start();
			int queued = i + 1;
			Waits.until(() -> route(pool).waiting() == queued
					&& (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING),
					"waiter " + queued + " parked");
			ticker.advance(1, TimeUnit.SECONDS); // deadlines 5, 6 and 7 s from now
		}
		// the first is the keeper, the others park without a timer
		assertThat(waiters.get(0).getState()).isEqualTo(Thread.State.TIMED_WAITING);
		assertThat(waiters.get(1).getState()).isEqualTo(Thread.State.WAITING);
		assertThat(waiters.get(2).getState()).isEqualTo(Thread.State.WAITING);
		// the keeper is handed the connection: the last waiter takes up the watch
		pool.release(held, ReleaseOutcome.KEEP);
		assertThat(outcomes.get(0).get(10, TimeUnit.SECONDS)).isSameAs(held);
		Waits.until(() -> waiters.get(2).getState() == Thread.State.TIMED_WAITING, "the last waiter keeps the watch");
		assertThat(waiters.get(1).getState()).isEqualTo(Thread.State.WAITING);
		// past the second waiter's deadline, not the keeper's: the keeper, looking, ends the other's wait and keeps its own
		ticker.advance(3500, TimeUnit.MILLISECONDS);
		LockSupport.unpark(waiters.get(2));
		assertThat(outcomes.get(1).get(10, TimeUnit.SECONDS)).isInstanceOf(PoolExhaustedException.class);
		Waits.until(() -> route(pool).waiting() == 1, "the keeper alone waiting");
		assertThat(outcomes.get(2)).isNotDone();
		// past its own: it ends its wait
		ticker.advance(1, TimeUnit.SECONDS);
		LockSupport.unpark(waiters.get(2));
		assertThat(outcomes.get(2).get(10, TimeUnit.SECONDS)).isInstanceOf(PoolExhaustedException.class);
		RouteStats s = route(pool);
		assertThat(s.waiting()).isZero();
		assertThat(s.leased()).isEqualTo(1);
		pool.release(held, ReleaseOutcome.KEEP);
		assertThat(route(pool).idle()).isEqualTo(1);
		pool.close();
		for (Thread t : waiters) {
			t.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	private static RouteStats route(ConnectionPool<StubConnection> pool) {
		return pool.stats().routes().values().iterator().next();
	}

	/** A pool of one connection per host, a 5 s acquire timeout, time from {@code ticker}, no background eviction. */
	private static ConnectionPool<StubConnection> onePerHost(Ticker ticker) {
		return new ConnectionPool<>(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(5))
			.ticker(ticker)
			.backgroundEviction(false)
			.build(), StubConnection.class);
	}
}
