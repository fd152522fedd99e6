package dev.eofpool.spring.metrics;

import static dev.eofpool.spring.metrics.TestStats.of;
import static dev.eofpool.spring.metrics.TestStats.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.PoolStats;

class SnapshotCacheTests {

	private final MockClock clock = new MockClock();

	@Test
	@Timeout(10)
	void aSecondReaderGetsTheStaleViewInsteadOfWaitingForTheRefresh() throws Exception {
		PoolStats first = TestStats.pool().with(route("a", 80), of().idle(1)).build();
		PoolStats second = TestStats.pool().with(route("a", 80), of().idle(2)).build();
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch refreshing = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		SnapshotCache cache = new SnapshotCache(() -> {
			if (calls.incrementAndGet() == 1) {
				return first;
			}
			refreshing.countDown();
			await(finish);
			return second;
		}, null, this.clock, TimeUnit.SECONDS.toNanos(1));
		assertThat(cache.get().total().idle).isEqualTo(1);
		this.clock.add(1, TimeUnit.SECONDS);
		CompletableFuture<PoolView> slow = CompletableFuture.supplyAsync(cache::get);
		assertThat(refreshing.await(5, TimeUnit.SECONDS)).isTrue();
		// the refresh is in progress (holding the pool's lock, say): this reader does not queue behind it
		assertThat(cache.get().total().idle).isEqualTo(1);
		finish.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS).total().idle).isEqualTo(2);
		assertThat(cache.get().total().idle).isEqualTo(2);
		assertThat(calls.get()).isEqualTo(2);
	}

	@Test
	void zeroMaxAgeReadsAFreshSnapshotEveryTime() {
		AtomicInteger calls = new AtomicInteger();
		SnapshotCache cache = new SnapshotCache(() -> {
			calls.incrementAndGet();
			return TestStats.pool().build();
		}, null, this.clock, 0);
		cache.get();
		cache.get();
		assertThat(calls.get()).isEqualTo(2);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
