package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/** The evictor's step, driven with literal times: what it retires, what it forgets, and the delay it returns. */
class EvictorTest {

	private static final long S = TimeUnit.SECONDS.toNanos(1);

	private static final long T0 = 1_000 * S;

	private final Route route = new Route("http", "a", 80);

	private final List<CloseReason> closes = new CopyOnWriteArrayList<>();

	private RouteTable routes;

	private IdleConnections idle;

	private PoolLock lock;

	private Evictor evictor;

	@BeforeEach
	void parts() {
		TransportConfig config = TransportConfig.builder()
			.backgroundEviction(false)
			.idleTimeout(Duration.ofSeconds(10))
			.build();
		RouteTallies tallies = new RouteTallies();
		PoolEvents events = new PoolEvents(tallies, dev.eofpool.transport.Ticker.SYSTEM);
		events.add(new PoolListener() {

			@Override
			public void connectionClosed(Route r, CloseReason reason) {
				EvictorTest.this.closes.add(reason);
			}
		});
		this.lock = new PoolLock(events);
		this.routes = new RouteTable(config, tallies);
		this.idle = new IdleConnections(config.maxIdleTotal());
		this.evictor = new Evictor(this.lock, this.idle, this.routes, () -> {
			throw new AssertionError("the step reads no clock");
		});
	}

	/** Puts an idle connection of the route, opened at {@code T0} with the given lifetime deadline, at {@code now}. */
	private StubConnection idleAt(long now, long lifetimeDeadline) {
		StubConnection c = new StubConnection(this.route, T0);
		this.lock.lock();
		try {
			RouteState rs = this.routes.use(this.route, this.routes.settings(this.route));
			rs.reserve();
			rs.adopt(c);
			c.lifetimeDeadline = lifetimeDeadline;
			assertThat(this.idle.keep(rs, c, now, this.lock)).isTrue();
		}
		finally {
			this.lock.unlock();
		}
		return c;
	}

	private PoolStats stats() {
		this.lock.lock();
		try {
			return this.routes.snapshot();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Test
	void idleConnectionIsRetiredAtItsIdleDeadlineAndTheDelayCountsDownToIt() {
		StubConnection c = idleAt(T0, Long.MAX_VALUE);
		assertThat(this.evictor.evictExpired(T0)).isEqualTo(10 * S);
		assertThat(this.evictor.evictExpired(T0 + 9 * S)).isEqualTo(S);
		assertThat(c.closed).isFalse();
		// at the deadline: closed (after the lock), and the next deadline is when the empty route may be forgotten
		assertThat(this.evictor.evictExpired(T0 + 10 * S)).isEqualTo(TimeUnit.MINUTES.toNanos(10));
		assertThat(c.closed).isTrue();
		assertThat(this.closes).containsExactly(CloseReason.IDLE_TIMEOUT);
		assertThat(stats().total().idle()).isZero();
	}

	@Test
	void lifetimeDeadlineBeforeTheIdleOneRetiresForMaxLifetime() {
		StubConnection c = idleAt(T0, T0 + 4 * S);
		assertThat(this.evictor.evictExpired(T0 + S)).isEqualTo(3 * S);
		this.evictor.evictExpired(T0 + 4 * S);
		assertThat(c.closed).isTrue();
		assertThat(this.closes).containsExactly(CloseReason.MAX_LIFETIME);
	}

	@Test
	void theNearestOfSeveralDeadlinesIsTheDelay() {
		idleAt(T0, Long.MAX_VALUE);
		idleAt(T0 + 3 * S, Long.MAX_VALUE);
		idleAt(T0 + 5 * S, T0 + 7 * S);
		assertThat(this.evictor.evictExpired(T0 + 6 * S)).isEqualTo(S); // the lifetime of the third
		assertThat(this.evictor.evictExpired(T0 + 7 * S)).isEqualTo(3 * S); // the first's idle deadline
		assertThat(this.evictor.evictExpired(T0 + 10 * S)).isEqualTo(3 * S); // the second's
		assertThat(this.closes).containsExactly(CloseReason.MAX_LIFETIME, CloseReason.IDLE_TIMEOUT);
	}

	@Test
	void emptyRouteIsForgottenAfterTheRetentionTimeKeepingItsCounters() {
		idleAt(T0, Long.MAX_VALUE);
		long emptyAt = T0 + 10 * S;
		this.evictor.evictExpired(emptyAt);
		assertThat(stats().routes()).containsOnlyKeys(this.route);
		long retention = TimeUnit.MINUTES.toNanos(10);
		assertThat(this.evictor.evictExpired(emptyAt + retention - S)).isEqualTo(S);
		assertThat(this.evictor.evictExpired(emptyAt + retention)).isEqualTo(Long.MAX_VALUE);
		PoolStats stats = stats();
		assertThat(stats.routes()).isEmpty();
		assertThat(stats.total().opened()).isEqualTo(1);
		assertThat(stats.total().closedByReason()).containsEntry(CloseReason.IDLE_TIMEOUT, 1L);
	}

	@Test
	void nothingIdleMeansNoDeadline() {
		assertThat(this.evictor.evictExpired(T0)).isEqualTo(Long.MAX_VALUE);
	}
}
