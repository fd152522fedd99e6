package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;

/** Ending leases: the request is counted once, then the connection is handed over, kept idle or closed. */
class ReturnsTest {

	private static final long NOW = 5_000_000_000L;

	private final Route route = new Route("http", "a", 80);

	private final List<CloseReason> closes = new CopyOnWriteArrayList<>();

	private PoolLock lock;

	private RouteTable routes;

	private IdleConnections idle;

	private Returns returns;

	private RouteState rs;

	@BeforeEach
	void parts() {
		parts(TransportConfig.builder().backgroundEviction(false).maxIdlePerHost(1).build());
	}

	/** The pool's parts for {@code config}, afresh (a test with other settings calls it again). */
	private void parts(TransportConfig config) {
		this.closes.clear();
		RouteTallies tallies = new RouteTallies();
		PoolEvents events = new PoolEvents(tallies, dev.eofpool.transport.Ticker.SYSTEM);
		events.add(new PoolListener() {

			@Override
			public void connectionClosed(Route r, CloseReason reason) {
				ReturnsTest.this.closes.add(reason);
			}
		});
		this.lock = new PoolLock(events);
		this.routes = new RouteTable(config, tallies);
		this.idle = new IdleConnections(config.maxIdleTotal());
		Evictor evictor = new Evictor(this.lock, this.idle, this.routes, () -> NOW);
		this.returns = new Returns(this.lock, () -> NOW, this.routes, this.idle, evictor);
		this.lock.lock();
		try {
			this.rs = this.routes.use(this.route, this.routes.settings(this.route));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A connection leased to this thread, as the pool leaves one after acquire. */
	private StubConnection leased() {
		StubConnection c = new StubConnection(this.route, NOW);
		this.lock.lock();
		try {
			this.rs.reserve();
			this.rs.adopt(c);
			c.lifetimeDeadline = Long.MAX_VALUE;
			this.rs.markLeased(c);
			c.leaseOwner = Thread.currentThread();
			c.leasedAt = NOW - 7;
		}
		finally {
			this.lock.unlock();
		}
		return c;
	}

	private RouteStats stats() {
		this.lock.lock();
		try {
			return this.rs.snapshot();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A release keeping a connection with the hint given, and the connection's idle deadline and reason after it. */
	private StubConnection keptWith(long timeoutNanos) {
		StubConnection c = leased();
		assertThat(this.returns.release(c, ReleaseOutcome.of(null, new KeepAliveHint(timeoutNanos, -1)))).isTrue();
		return c;
	}

	@Test
	void aKeptConnectionsIdleDeadlineFollowsEveryChangeOfTheServersHintAndWhatWasLearned() {
		long s = 1_000_000_000L;
		long margin = TransportConfig.DEFAULT_KEEP_ALIVE_MARGIN.toNanos();
		StubConnection first = keptWith(5 * s);
		assertThat(first.idleDeadline).isEqualTo(NOW + 5 * s - margin);
		assertThat(first.idleReason).isEqualTo(CloseReason.KEEP_ALIVE_TIMEOUT);
		takeBack(first);
		StubConnection same = keptWith(5 * s);
		assertThat(same.idleDeadline).as("the same hint again").isEqualTo(NOW + 5 * s - margin);
		takeBack(same);
		StubConnection longer = keptWith(20 * s);
		assertThat(longer.idleDeadline).as("a longer hint replaces the shorter one").isEqualTo(NOW + 20 * s - margin);
		takeBack(longer);
		StubConnection none = keptWith(-1);
		assertThat(none.idleDeadline).as("no hint keeps the last").isEqualTo(NOW + 20 * s - margin);
		takeBack(none);
		this.lock.lock();
		try {
			this.rs.serverClosedIdle(3 * s);
		}
		finally {
			this.lock.unlock();
		}
		StubConnection learned = keptWith(20 * s);
		assertThat(learned.idleDeadline).as("learned from a server close").isEqualTo(NOW + 3 * s - margin);
		assertThat(learned.idleReason).isEqualTo(CloseReason.LEARNED_IDLE_TIMEOUT);
	}

	/** Takes the route's idle connection out and closes it, so the next one kept is the only idle one. */
	private void takeBack(StubConnection c) {
		this.lock.lock();
		try {
			assertThat(this.idle.take(this.rs, NOW, this.lock)).isSameAs(c);
			this.rs.retire(c, CloseReason.IDLE_TIMEOUT, this.lock);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Test
	void keptThenAtTheIdleLimitClosedEachRequestCountedOnceASecondReleaseIgnored() {
		StubConnection a = leased();
		StubConnection b = leased();
		assertThat(this.returns.release(a, ReleaseOutcome.KEEP)).isTrue();
		assertThat(this.returns.release(a, ReleaseOutcome.KEEP)).as("released twice").isFalse();
		assertThat(this.returns.release(b, ReleaseOutcome.KEEP)).as("idle limit of 1").isFalse();
		assertThat(b.closed).isTrue();
		assertThat(this.closes).containsExactly(CloseReason.IDLE_LIMIT_HOST);
		RouteStats s = stats();
		assertThat(s.requests()).isEqualTo(2);
		assertThat(s.idle()).isEqualTo(1);
		assertThat(s.leased()).isZero();
		assertThat(a.reused()).as("served one exchange").isTrue();
	}

	@Test
	void aReleasedConnectionGoesToTheFirstWaiterLeasedToItsThread() {
		StubConnection c = leased();
		Waiter w;
		this.lock.lock();
		try {
			w = this.rs.waiters().enqueue();
		}
		finally {
			this.lock.unlock();
		}
		assertThat(this.returns.release(c, ReleaseOutcome.KEEP)).isTrue();
		assertThat(w.done).isTrue();
		assertThat(w.connection).isSameAs(c);
		RouteStats s = stats();
		assertThat(s.leased()).isEqualTo(1);
		assertThat(s.idle()).isZero();
		assertThat(s.requests()).isEqualTo(1);
	}

	@Test
	void atTheTotalAReleasedConnectionGoesToTheTotalsFirstWaiterWhenThatOneIsOfItsRoute() {
		Route other = new Route("http", "b", 80);
		Waiter otherFirst;
		Waiter ownSecond;
		this.lock.lock();
		try {
			RouteState ors = this.routes.use(other, this.routes.settings(other));
			otherFirst = this.rs.cap.enqueue(ors);
			ownSecond = this.rs.cap.enqueue(this.rs);
		}
		finally {
			this.lock.unlock();
		}
		StubConnection c = leased();
		StubConnection d = leased();
		// first come first served: the first waiter is of another route, so it gets the slot of c, which closes
		assertThat(this.returns.release(c, ReleaseOutcome.KEEP)).isFalse();
		assertThat(otherFirst.slotGranted).isTrue();
		assertThat(ownSecond.done).isFalse();
		assertThat(this.closes).containsExactly(CloseReason.IDLE_LIMIT_TOTAL);
		// now the first waiter is of this route: it takes d as it is, no close, no new connection
		assertThat(this.returns.release(d, ReleaseOutcome.KEEP)).isTrue();
		assertThat(ownSecond.done).isTrue();
		assertThat(ownSecond.connection).isSameAs(d);
		assertThat(ownSecond.slotGranted).isFalse();
		assertThat(d.closed).isFalse();
		assertThat(d.leaseOwner).isSameAs(ownSecond.thread);
		assertThat(this.closes).containsExactly(CloseReason.IDLE_LIMIT_TOTAL);
		RouteStats s = stats();
		assertThat(s.leased()).isEqualTo(1);
		assertThat(s.idle()).isZero();
		assertThat(s.waiting()).isZero();
		assertThat(s.requests()).isEqualTo(2);
		this.lock.lock();
		try {
			// d's slot and the other route's reserved one
			assertThat(this.rs.cap.count()).isEqualTo(2);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Test
	void withAPoolWideIdleLimitOf0AReleaseClosesTheConnectionAndSaysSo() {
		parts(TransportConfig.builder().backgroundEviction(false).maxIdleTotal(0).build());
		StubConnection c = leased();
		assertThat(this.returns.release(c, ReleaseOutcome.KEEP)).as("kept").isFalse();
		assertThat(c.closed).isTrue();
		assertThat(this.closes).containsExactly(CloseReason.IDLE_LIMIT_TOTAL);
		RouteStats s = stats();
		assertThat(s.idle()).isZero();
		assertThat(s.open()).isZero();
	}

	@Test
	void aConnectionGivenBackAfterThePoolClosedIsClosedNotKept() {
		StubConnection c = leased();
		this.lock.lock();
		try {
			this.rs.endLease(c);
			this.routes.close();
			assertThat(this.returns.keep(this.rs, c, NOW)).isFalse();
		}
		finally {
			this.lock.unlock();
		}
		assertThat(c.closed).isTrue();
		assertThat(this.closes).containsExactly(CloseReason.TRANSPORT_CLOSED);
		assertThat(stats().idle()).isZero();
	}

	@Test
	void aLeakedConnectionIsClosedOnceWithItsRequestCounted() {
		StubConnection c = leased();
		assertThat(this.returns.leaked(c)).as("held for").isEqualTo(7);
		assertThat(this.returns.leaked(c)).as("no longer leased").isEqualTo(-1);
		assertThat(this.closes).containsExactly(CloseReason.LEAKED);
		assertThat(stats().requests()).isEqualTo(1);
	}
}
