package dev.eofpool.transport.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.ExhaustionPolicy;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.TransportConfig;

/**
 * A seeded, bounded fuzzer over acquire, release, retry, leak, probe failure, eviction and close. After every step the
 * books balance, the limits hold, and no connection is both idle and closed; at the end every socket is closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoolFuzzTest {

	private static final int SEEDS = 30;

	private static final int STEPS = 3000;

	private static final Route[] ROUTES = { new Route("http", "a", 80), new Route("http", "b", 80),
			new Route("http", "c", 8080) };

	static final class FakeConnection extends PooledConnection {

		boolean closed;

		CloseReason probeResult;

		FakeConnection(Route route, long now) {
			super(route, now);
		}

		@Override
		protected void closeSocket() {
			this.closed = true;
		}

		@Override
		protected CloseReason probe() {
			return this.probeResult;
		}
	}

	@Test
	void randomOperationsKeepTheBooksAndTheLimits() throws Exception {
		long ops = 0;
		for (long seed = 1; seed <= SEEDS; seed++) {
			ops += run(seed);
		}
		System.out.println("pool fuzzer: " + ops + " operations over " + SEEDS + " seeds, invariants held after each");
	}

	private long run(long seed) throws Exception {
		Random random = new Random(seed);
		ManualTicker ticker = new ManualTicker();
		TransportConfig config = TransportConfig.builder()
			.ticker(ticker)
			.backgroundEviction(false)
			.maxConnectionsPerHost(5)
			.maxIdlePerHost(3)
			.maxIdleTotal(5)
			.exhaustionPolicy(ExhaustionPolicy.FAIL_FAST)
			.idleTimeout(Duration.ofSeconds(4))
			.maxLifetime(Duration.ofSeconds(20))
			.validateAfterIdle(Duration.ofSeconds(1))
			.host("c:8080", HostSettings.NONE.withMaxConnections(2).withMaxIdle(1))
			.build();
		ConnectionPool pool = new ConnectionPool(config);
		List<FakeConnection> all = new ArrayList<>();
		List<FakeConnection> leased = new ArrayList<>();
		long steps = 0;
		for (int step = 0; step < STEPS; step++, steps++) {
			int op = random.nextInt(100);
			if (op < 40) {
				Route route = ROUTES[random.nextInt(ROUTES.length)];
				boolean failConnect = random.nextInt(10) == 0;
				try {
					FakeConnection c = (FakeConnection) pool.acquire(route, (r) -> {
						if (failConnect) {
							throw new ConnectException("refused");
						}
						FakeConnection fresh = new FakeConnection(r, ticker.nanoTime());
						all.add(fresh);
						return fresh;
					});
					assertThat(c.closed).isFalse();
					assertThat(leased).doesNotContain(c);
					leased.add(c);
				}
				catch (PoolExhaustedException | ConnectException ex) {
					// at the limit (fail-fast) or connect refused: both fine
				}
			}
			else if (op < 70 && !leased.isEmpty()) {
				FakeConnection c = leased.remove(random.nextInt(leased.size()));
				if (random.nextInt(5) == 0) {
					c.serverKeepAlive(TimeUnit.SECONDS.toNanos(1 + random.nextInt(3)), random.nextInt(3) - 1);
				}
				CloseReason reason = (random.nextInt(4) == 0)
						? CloseReason.values()[random.nextInt(CloseReason.values().length)] : null;
				pool.release(c, reason);
			}
			else if (op < 74 && !leased.isEmpty()) {
				FakeConnection c = leased.remove(random.nextInt(leased.size()));
				try {
					leased.add((FakeConnection) pool.replace(c, CloseReason.SERVER_CLOSED_IDLE,
							RetryReason.CLOSED_BEFORE_RESPONSE, (r) -> {
								FakeConnection fresh = new FakeConnection(r, ticker.nanoTime());
								all.add(fresh);
								return fresh;
							}));
				}
				catch (IOException ex) {
					throw new AssertionError(ex);
				}
			}
			else if (op < 76 && !leased.isEmpty()) {
				pool.leaked(leased.remove(random.nextInt(leased.size())));
			}
			else if (op < 82) {
				List<PooledConnection> idle = pool.idleOf(ROUTES[random.nextInt(ROUTES.length)]);
				if (!idle.isEmpty()) {
					((FakeConnection) idle.get(random.nextInt(idle.size()))).probeResult = random.nextBoolean()
							? CloseReason.SERVER_CLOSED_IDLE : CloseReason.UNSOLICITED_BYTES;
				}
			}
			else if (op < 95) {
				ticker.advance(random.nextInt(3000), TimeUnit.MILLISECONDS);
				long next = pool.evictExpired(ticker.nanoTime());
				assertThat(next).isPositive();
			}
			else {
				pool.serverClosedIdle(all.isEmpty() ? new FakeConnection(ROUTES[0], 0) : all.get(random.nextInt(all.size())),
						TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(5000)));
			}
			check(pool, all, leased, config);
		}
		pool.close();
		for (FakeConnection c : leased) {
			pool.release(c, null);
		}
		PoolStats stats = pool.stats();
		PoolAssertions.assertBalanced(stats);
		assertThat(stats.total().idle() + stats.total().leased()).isZero();
		assertThat(all).allSatisfy((c) -> assertThat(c.closed).isTrue());
		assertThat(stats.total().opened()).isEqualTo(all.size());
		return steps;
	}

	private static void check(ConnectionPool pool, List<FakeConnection> all, List<FakeConnection> leased,
			TransportConfig config) {
		PoolStats stats = pool.stats();
		PoolAssertions.assertBalanced(stats);
		assertThat(stats.total().idle()).isLessThanOrEqualTo(config.maxIdleTotal());
		assertThat(stats.total().leased()).isEqualTo(leased.size());
		stats.routes().forEach((route, s) -> {
			assertThat(s.idle()).isLessThanOrEqualTo(s.maxIdle());
			assertThat(s.open() + s.connecting()).isLessThanOrEqualTo(s.maxConnections());
			assertThat(s.waiting()).isZero();
			for (PooledConnection c : pool.idleOf(route)) {
				assertThat(((FakeConnection) c).closed).as("idle connection closed").isFalse();
			}
		});
		long closedSockets = all.stream().filter((c) -> c.closed).count();
		assertThat(closedSockets).isEqualTo(stats.total().closed());
	}
}
