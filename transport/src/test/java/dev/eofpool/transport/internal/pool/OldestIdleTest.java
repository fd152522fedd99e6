package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/**
 * The pool-wide order of least recent use, kept by route with keys corrected only when asked: under seeded random
 * keeps, takes, retirements of the oldest and address removals across many routes, the connection retired as the
 * least recently used is always the one kept longest ago among all idle ones (a plain model says which), and each
 * route's idle stack gives back its most recently kept connection first.
 */
class OldestIdleTest {

	private static final int ROUTES = 12;

	private final List<Route> routeList = new ArrayList<>();

	private RouteTable routes;

	private int opened;

	private IdleConnections idle;

	private PoolLock lock;

	@BeforeEach
	void parts() {
		TransportConfig config = TransportConfig.builder()
			.backgroundEviction(false)
			.maxIdlePerHost(6)
			.maxConnectionsPerHost(6)
			.build();
		RouteTallies tallies = new RouteTallies();
		this.lock = new PoolLock(new PoolEvents(tallies, dev.eofpool.transport.Ticker.SYSTEM));
		this.routes = new RouteTable(config, tallies);
		this.idle = new IdleConnections(config.maxIdleTotal());
		for (int i = 0; i < ROUTES; i++) {
			this.routeList.add(new Route("http", "h" + i, 80));
		}
	}

	@Test
	void theOldestIdleConnectionIsAlwaysTheOneKeptLongestAgo() {
		for (long seed = 1; seed <= 40; seed++) {
			parts();
			run(new Random(seed), seed);
		}
	}

	private void run(Random random, long seed) {
		// the model: every idle connection, in the order it was kept (oldest first)
		Map<StubConnection, RouteState> model = new LinkedHashMap<>();
		List<StubConnection> leased = new ArrayList<>();
		long now = 1_000;
		this.lock.lock();
		try {
			for (int step = 0; step < 2_000; step++) {
				now += random.nextInt(3); // equal times too: the order of keeps decides, not the clock
				Route route = this.routeList.get(random.nextInt(ROUTES));
				RouteState rs = this.routes.use(route, this.routes.settings(route));
				int op = random.nextInt(10);
				if (op < 3 && rs.total() < 6) {
					StubConnection c = new Addressed(rs.route, now, ++this.opened);
					rs.reserve();
					rs.adopt(c);
					c.lifetimeDeadline = Long.MAX_VALUE;
					keep(rs, c, now, model);
				}
				else if (op < 6) {
					StubConnection top = mostRecentOf(rs, model);
					PooledConnection taken = this.idle.take(rs, now, this.lock);
					assertThat(taken).as("seed %d: the route's most recently kept", seed).isSameAs(top);
					if (taken != null) {
						model.remove(taken);
						rs.lease(taken, now, Thread.currentThread());
						leased.add((StubConnection) taken);
					}
				}
				else if (op < 8 && !leased.isEmpty()) {
					StubConnection c = leased.remove(random.nextInt(leased.size()));
					RouteState home = c.routeState;
					home.endLease(c);
					if (!this.idle.keep(home, c, now, this.lock)) {
						home.retire(c, CloseReason.IDLE_LIMIT_HOST, this.lock);
					}
					else {
						model.put(c, home);
					}
				}
				else if (op < 9) {
					StubConnection oldest = model.isEmpty() ? null : model.keySet().iterator().next();
					assertThat(this.idle.retireLeastRecent(this.lock)).isEqualTo(oldest != null);
					if (oldest != null) {
						assertThat(oldest.routeState).as("seed %d: the oldest is retired", seed).isNull();
						model.remove(oldest);
					}
				}
				else {
					// a connection out of the middle of a stack (an address retired): the route's keys go stale
					StubConnection some = model.entrySet().stream().filter((e) -> e.getValue() == rs)
						.map(Map.Entry::getKey).skip(random.nextInt(3)).findFirst().orElse(null);
					if (some != null) {
						assertThat(this.idle.retireAddresses(rs, Set.of(some.address()), this.lock)).isOne();
						assertThat(some.routeState).isNull();
						model.remove(some);
					}
				}
				assertThat(this.idle.count()).isEqualTo(model.size());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void keep(RouteState rs, StubConnection c, long now, Map<StubConnection, RouteState> model) {
		if (this.idle.keep(rs, c, now, this.lock)) {
			model.put(c, rs);
		}
		else {
			rs.retire(c, CloseReason.IDLE_LIMIT_HOST, this.lock);
		}
	}

	private static StubConnection mostRecentOf(RouteState rs, Map<StubConnection, RouteState> model) {
		return model.entrySet().stream().filter((e) -> e.getValue() == rs).map(Map.Entry::getKey)
			.max(Comparator.comparingLong((c) -> c.keptOrder)).orElse(null);
	}

	/** A stub connection with an address of its own, so one connection can be retired by address. */
	private static final class Addressed extends StubConnection {

		private final InetAddress address;

		Addressed(Route route, long createdNanos, int n) {
			super(route, createdNanos);
			try {
				this.address = InetAddress.getByAddress(new byte[] { 10, (byte) (n >> 16), (byte) (n >> 8), (byte) n });
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public InetAddress address() {
			return this.address;
		}
	}
}
