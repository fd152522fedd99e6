package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;

/**
 * The hand-over of a released connection to a waiter: a wait that times out just as a connection is handed to it
 * keeps that connection (nothing is lost from the books), and a wait that ends before its thread parks costs the
 * waker no unpark.
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
		ConnectionPool<StubConnection> pool = new ConnectionPool<>(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(5))
			.ticker(ticker)
			.backgroundEviction(false)
			.build(), StubConnection.class);
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

	private static RouteStats route(ConnectionPool<StubConnection> pool) {
		return pool.stats().routes().values().iterator().next();
	}
}
