package dev.eofpool.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;

class HostTagsTests {

	@Test
	void firstHostsKeepTheirNameLaterOnesShareOther() {
		HostTags tags = new HostTags(2);
		assertThat(tags.tagFor(new Route("http", "a", 80))).isEqualTo("a:80");
		assertThat(tags.tagFor(new Route("https", "b", 443))).isEqualTo("b:443");
		assertThat(tags.tagFor(new Route("http", "c", 80))).isEqualTo(HostTags.OTHER);
		assertThat(tags.tagFor(new Route("http", "a", 80))).isEqualTo("a:80");
		// same host:port over another scheme uses no new slot
		assertThat(tags.tagFor(new Route("https", "a", 80))).isEqualTo("a:80");
	}

	@Test
	void zeroFoldsEveryHost() {
		assertThat(new HostTags(0).tagFor(new Route("http", "a", 80))).isEqualTo(HostTags.OTHER);
	}

	@Test
	void routesThatLeftTheSnapshotsAreForgottenAndGetTheirTagBackWhenTheyReturn() {
		HostTags tags = new HostTags(2);
		Route kept = new Route("http", "kept", 80);
		assertThat(tags.tagFor(kept)).isEqualTo("kept:80");
		for (int i = 0; i < 10_000; i++) {
			tags.tagFor(new Route("http", "h" + i, 80));
		}
		assertThat(tags.size()).isEqualTo(10_001);
		PoolStats onlyKept = TestStats.pool().with(kept, TestStats.of().idle(1)).build();
		tags.view(() -> onlyKept, 0);
		assertThat(tags.size()).isEqualTo(1);
		// the host named second gets its name again, and the limit still holds for the others
		assertThat(tags.tagFor(new Route("http", "h0", 80))).isEqualTo("h0:80");
		assertThat(tags.tagFor(new Route("http", "h1", 80))).isEqualTo(HostTags.OTHER);
	}

	@Test
	void aRouteFirstSeenWhileASnapshotIsTakenIsKeptUntilTheNextOne() {
		HostTags tags = new HostTags(2);
		Route late = new Route("http", "late", 80);
		tags.view(() -> {
			tags.tagFor(late); // an event after the snapshot started, of a route the snapshot does not hold
			return TestStats.pool().build();
		}, 0);
		assertThat(tags.size()).isEqualTo(1);
		tags.view(() -> TestStats.pool().build(), 1);
		assertThat(tags.size()).isZero();
	}

	@Test
	@Timeout(10)
	void neverGivesOutMoreNamesThanTheLimitUnderContention() throws Exception {
		HostTags tags = new HostTags(5);
		int threads = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Set<String>>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					assertThat(start.await(5, TimeUnit.SECONDS)).as("the start signal").isTrue();
					Set<String> seen = ConcurrentHashMap.newKeySet();
					for (int i = 0; i < 200; i++) {
						seen.add(tags.tagFor(new Route("http", "h" + i, 80)));
					}
					return seen;
				}));
			}
			start.countDown();
			Set<String> all = ConcurrentHashMap.newKeySet();
			for (Future<Set<String>> result : results) {
				all.addAll(result.get(5, TimeUnit.SECONDS));
			}
			assertThat(all).hasSize(6).contains(HostTags.OTHER);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
