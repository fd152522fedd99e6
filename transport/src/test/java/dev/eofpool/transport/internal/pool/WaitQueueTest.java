package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;

/** The wait queue: first come first served, what a wait's end brings, and waking only after the lock is released. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WaitQueueTest {

	private final Route route = new Route("http", "a", 80);

	private final PoolLock lock = new PoolLock(new PoolEvents(new RouteTallies(), Ticker.SYSTEM));

	private final WaitQueue queue = new WaitQueue();

	@Test
	void handOversAndSlotsGoToTheWaitersInArrivalOrder() {
		this.lock.lock();
		try {
			Waiter first = this.queue.enqueue();
			Waiter second = this.queue.enqueue();
			Waiter third = this.queue.enqueue();
			assertThat(this.queue.size()).isEqualTo(3);
			StubConnection c = new StubConnection(this.route, 0);
			assertThat(this.queue.handOver(c, this.lock)).isTrue();
			assertThat(first.done).isTrue();
			assertThat(first.connection).isSameAs(c);
			assertThat(c.leaseOwner).isSameAs(first.thread);
			assertThat(this.queue.grantSlot(this.lock)).isTrue();
			assertThat(second.done).isTrue();
			assertThat(second.slotGranted).isTrue();
			assertThat(second.connection).isNull();
			assertThat(third.done).isFalse();
			assertThat(this.queue.size()).isEqualTo(1);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Test
	void aRemovedWaiterIsSkippedAndAnEmptyQueueTakesNothing() {
		this.lock.lock();
		try {
			Waiter gone = this.queue.enqueue();
			Waiter next = this.queue.enqueue();
			assertThat(this.queue.remove(gone)).isTrue();
			assertThat(this.queue.remove(gone)).isFalse();
			assertThat(this.queue.grantSlot(this.lock)).isTrue();
			assertThat(gone.done).isFalse();
			assertThat(next.slotGranted).isTrue();
			assertThat(this.queue.isEmpty()).isTrue();
			assertThat(this.queue.grantSlot(this.lock)).isFalse();
			assertThat(this.queue.handOver(new StubConnection(this.route, 0), this.lock)).isFalse();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Test
	void wakeAllEndsEveryWaitWithNeitherConnectionNorSlot() {
		this.lock.lock();
		try {
			Waiter a = this.queue.enqueue();
			Waiter b = this.queue.enqueue();
			this.queue.wakeAll(this.lock);
			assertThat(a.done && b.done).isTrue();
			assertThat(a.connection == null && !a.slotGranted && b.connection == null && !b.slotGranted).isTrue();
			assertThat(this.queue.isEmpty()).isTrue();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Test
	void aParkedWaiterFindsItsConnectionOnceTheLockIsReleased() throws Exception {
		CountDownLatch queued = new CountDownLatch(1);
		CompletableFuture<PooledConnection> result = new CompletableFuture<>();
		Thread waiting = new Thread(() -> {
			Waiter w;
			this.lock.lock();
			try {
				w = this.queue.enqueue();
			}
			finally {
				this.lock.unlock();
			}
			queued.countDown();
			boolean over = w.park(Ticker.SYSTEM, TimeUnit.SECONDS.toNanos(20), this);
			result.complete(over ? w.connection : null);
		});
		waiting.start();
		assertThat(queued.await(10, TimeUnit.SECONDS)).isTrue();
		StubConnection c = new StubConnection(this.route, 0);
		this.lock.lock();
		try {
			assertThat(this.queue.handOver(c, this.lock)).isTrue();
		}
		finally {
			this.lock.unlock(); // unparks the waiter
		}
		assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(c);
		waiting.join(TimeUnit.SECONDS.toMillis(10));
	}

	@Test
	void parkEndsAtTheTimeoutOnTheTickerWithoutWaitingInRealTime() {
		long[] reads = { 0, TimeUnit.SECONDS.toNanos(5) };
		int[] read = { 0 };
		Waiter w = new Waiter();
		// the ticker says 5 s passed between the start and the first check: the 3 s timeout is over, no park
		assertThat(w.park(() -> reads[Math.min(read[0]++, 1)], TimeUnit.SECONDS.toNanos(3), this)).isFalse();
		assertThat(read[0]).isEqualTo(2);
	}
}
