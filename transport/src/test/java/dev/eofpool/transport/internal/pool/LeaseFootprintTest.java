package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eofpool.testfixtures.ThreadAllocations;

import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/**
 * What a lease and its return write: the connection leased and its route's state, and no other connection. So a
 * lease on one of many routes does not reach into the memory of connections it does not use (a neighbour in a list,
 * another route's idle connection), which is what keeps the many-routes case near the one-route one.
 */
class LeaseFootprintTest {

	private static final int ROUTES = 3;

	private static final int PER_ROUTE = 3;

	@Test
	void aLeaseAndItsReturnWriteNoOtherConnection() throws Exception {
		ManualTicker ticker = new ManualTicker();
		ConnectionPool<StubConnection> pool = new ConnectionPool<>(TransportConfig.builder()
			.ticker(ticker)
			.maxConnectionsPerHost(PER_ROUTE)
			.maxIdlePerHost(PER_ROUTE)
			.idleTimeout(Duration.ofHours(1))
			.backgroundEviction(false)
			.build(), StubConnection.class);
		List<Route> routes = new ArrayList<>();
		List<StubConnection> all = new ArrayList<>();
		for (int i = 0; i < ROUTES; i++) {
			Route route = new Route("http", "h" + i, 80);
			routes.add(route);
			for (int j = 0; j < PER_ROUTE; j++) {
				all.add(pool.acquire(route, (r) -> new StubConnection(r, ticker.nanoTime())));
			}
		}
		// given back interleaved across routes, so each one's neighbours in any pool-wide order are other routes'
		for (int j = 0; j < PER_ROUTE; j++) {
			for (int i = 0; i < ROUTES; i++) {
				assertThat(pool.release(all.get(i * PER_ROUTE + j), ReleaseOutcome.KEEP)).isTrue();
			}
		}
		for (Route route : routes) {
			for (int n = 0; n < 5; n++) {
				Map<StubConnection, List<Object>> before = fields(all);
				StubConnection c = pool.acquire(route, (r) -> {
					throw new AssertionError("an idle connection is there");
				});
				assertThat(pool.release(c, ReleaseOutcome.KEEP)).isTrue();
				Map<StubConnection, List<Object>> after = fields(all);
				for (StubConnection other : all) {
					if (other != c) {
						assertThat(after.get(other)).as("%s after a lease of another connection", other.route())
							.isEqualTo(before.get(other));
					}
				}
			}
		}
		pool.close();
	}

	@Test
	void aLeaseAndItsReturnAllocateNothing() throws Exception {
		assumeTrue(ThreadAllocations.counted(), "this JVM counts each thread's allocation");
		ManualTicker ticker = new ManualTicker();
		ConnectionPool<StubConnection> pool = new ConnectionPool<>(TransportConfig.builder()
			.ticker(ticker)
			.idleTimeout(Duration.ofHours(1))
			.backgroundEviction(false)
			.build(), StubConnection.class);
		pool.addListener(new PoolListener() {
		});
		Route route = new Route("http", "a", 80);
		ConnectionPool.Dialer<StubConnection> dialer = (r) -> new StubConnection(r, ticker.nanoTime());
		for (int i = 0; i < 20_000; i++) {
			pool.release(pool.acquire(route, dialer), ReleaseOutcome.KEEP);
		}
		int leases = 20_000;
		long before = ThreadAllocations.ofCurrentThread();
		for (int i = 0; i < leases; i++) {
			pool.release(pool.acquire(route, dialer), ReleaseOutcome.KEEP);
		}
		long perLease = (ThreadAllocations.ofCurrentThread() - before) / leases;
		assertThat(perLease).as("bytes allocated per lease and return").isZero();
		pool.close();
	}

	/** The value of every field the pool may write in each connection (the final ones cannot change). */
	private static Map<StubConnection, List<Object>> fields(List<StubConnection> connections) throws Exception {
		Map<StubConnection, List<Object>> out = new LinkedHashMap<>();
		for (StubConnection c : connections) {
			List<Object> values = new ArrayList<>();
			for (Field f : PooledConnection.class.getDeclaredFields()) {
				if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
					values.add(f.getName() + "=" + identity(f.get(c)));
				}
			}
			out.put(c, values);
		}
		return out;
	}

	private static Object identity(Object value) {
		return (value instanceof PooledConnection || value instanceof RouteState)
				? value.getClass().getSimpleName() + "@" + System.identityHashCode(value) : value;
	}
}
