package dev.eofpool.benchmarks.micro;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.pool.ConnectionPool;
import dev.eofpool.transport.internal.pool.PooledConnection;
import dev.eofpool.transport.internal.pool.ReleaseOutcome;

/**
 * One lease of eofpool's {@link ConnectionPool}: acquire an idle connection, release it as the EOF path does. On one
 * route, alone and with 16 threads sharing it (its pool holds 16 connections, so every thread finds one idle, but they
 * all take the same lock); and on 1,000 routes of 4 connections each, warmed up front, alone and with 16 threads, each
 * thread stepping through its routes in a fixed order (the many-routes figure, to be within 1.2x of the one-route
 * one). The connections are fakes without sockets: this is the pool's bookkeeping alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolBenchmark {

	private static final int CONNECTIONS = 16;

	static final int ROUTES = 1_000;

	static final int PER_ROUTE = 4;

	/** Coprime with every group size used (1,000 and 250), so a thread's cursor visits each route of its group. */
	private static final int STRIDE = 397;

	@Benchmark
	@Threads(1)
	public PooledConnection acquireReleaseAlone(OneRoute pool) throws IOException {
		return pool.lease(pool.route);
	}

	@Benchmark
	@Threads(CONNECTIONS)
	public PooledConnection acquireRelease16Threads(OneRoute pool) throws IOException {
		return pool.lease(pool.route);
	}

	@Benchmark
	@Threads(1)
	public PooledConnection manyRoutesAlone(ManyRoutes pool, Cursor cursor) throws IOException {
		return pool.lease(cursor.next());
	}

	@Benchmark
	@Threads(CONNECTIONS)
	public PooledConnection manyRoutes16Threads(ManyRoutes pool, Cursor cursor) throws IOException {
		return pool.lease(cursor.next());
	}

	@Benchmark
	@Threads(1)
	public Object floorOneRoute(Floor floor) {
		return floor.lease(floor.routes[0]);
	}

	@Benchmark
	@Threads(1)
	public Object floorManyRoutes(Floor floor) {
		Route r = floor.routes[floor.at];
		floor.at += STRIDE;
		if (floor.at >= ROUTES) {
			floor.at -= ROUTES;
		}
		return floor.lease(r);
	}

	/** A pool and how one lease goes. */
	abstract static class Pool {

		ConnectionPool<FakeConnection> pool;

		final PooledConnection lease(Route route) throws IOException {
			PooledConnection c = this.pool.acquire(route, FakeConnection::new);
			this.pool.release(c, ReleaseOutcome.KEEP);
			return c;
		}

		@TearDown(Level.Trial)
		public void close() {
			this.pool.close();
		}
	}

	/** One route with up to 16 connections, opened by the first leases. */
	@State(Scope.Benchmark)
	public static class OneRoute extends Pool {

		final Route route = new Route("http", "127.0.0.1", 8080);

		@Setup(Level.Trial)
		public void open() {
			this.pool = new ConnectionPool<>(TransportConfig.builder()
				.maxConnectionsPerHost(CONNECTIONS)
				.maxIdlePerHost(CONNECTIONS)
				.backgroundEviction(false)
				.build(), FakeConnection.class);
		}
	}

	/** 1,000 routes (ports of one host) of 4 connections each, all opened and idle before the measurement. */
	@State(Scope.Benchmark)
	public static class ManyRoutes extends Pool {

		final Route[] routes = new Route[ROUTES];

		@Setup(Level.Trial)
		public void open() throws IOException {
			this.pool = new ConnectionPool<>(TransportConfig.builder()
				.maxConnectionsPerHost(PER_ROUTE)
				.maxIdlePerHost(PER_ROUTE)
				.maxIdleTotal(ROUTES * PER_ROUTE)
				.idleTimeout(Duration.ofHours(1))
				.backgroundEviction(false)
				.build(), FakeConnection.class);
			List<PooledConnection> held = new ArrayList<>();
			for (int i = 0; i < ROUTES; i++) {
				this.routes[i] = new Route("http", "127.0.0.1", 10_000 + i);
				for (int j = 0; j < PER_ROUTE; j++) {
					held.add(this.pool.acquire(this.routes[i], FakeConnection::new));
				}
			}
			for (PooledConnection c : held) {
				this.pool.release(c, ReleaseOutcome.KEEP);
			}
		}
	}

	/**
	 * A thread's walk over the routes: the threads are split into groups of at most 4 (one per connection of a
	 * route), group {@code g} of {@code n} owns the routes {@code r} with {@code r % n == g}, and each thread steps
	 * through its group's routes by a fixed stride from its own start. So no route ever has more lessees at once than
	 * connections (no lease waits or dials), threads of a group still share routes, and the sequence is the same in
	 * every run.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private Route[] mine;

		private int at;

		@Setup(Level.Trial)
		public void place(ManyRoutes pool, BenchmarkParams benchmark, ThreadParams thread) {
			int threads = benchmark.getThreads();
			int groups = (threads + PER_ROUTE - 1) / PER_ROUTE;
			int index = thread.getThreadIndex();
			int group = index % groups;
			List<Route> routes = new ArrayList<>();
			for (int r = group; r < ROUTES; r += groups) {
				routes.add(pool.routes[r]);
			}
			this.mine = routes.toArray(new Route[0]);
			this.at = (index / groups) * (this.mine.length / PER_ROUTE);
		}

		Route next() {
			Route r = this.mine[this.at];
			this.at += STRIDE;
			if (this.at >= this.mine.length) {
				this.at %= this.mine.length;
			}
			return r;
		}
	}

	/**
	 * The least a thread-safe pool can do for a lease, as a floor for the many-routes figure: one map lookup of the
	 * route, then the top connection taken off the route's idle stack and put back with one compare-and-set each (the
	 * one atomic step any pool shared by threads needs per take and per return; it orders memory as a lock does, so
	 * the next lease's loads cannot start early). No clock, no limit, no counter. Its connections have the pool's
	 * connection size, 1,000 routes of 4 of them, walked as {@link ManyRoutes} is single-threaded; {@code
	 * floorOneRoute} leases on the first route alone. What the walk over many routes adds here is what reaching a
	 * route and its connection out of cache costs a pool.
	 */
	@State(Scope.Benchmark)
	public static class Floor {

		final Route[] routes = new Route[ROUTES];

		private final Map<Route, FloorRoute> pool = new ConcurrentHashMap<>();

		int at;

		@Setup(Level.Trial)
		public void open() {
			for (int i = 0; i < ROUTES; i++) {
				this.routes[i] = new Route("http", "127.0.0.1", 10_000 + i);
				FloorRoute r = new FloorRoute();
				for (int j = 0; j < PER_ROUTE; j++) {
					FloorConnection c = new FloorConnection();
					c.next = r.top.get();
					r.top.set(c);
				}
				this.pool.put(this.routes[i], r);
			}
		}

		FloorConnection lease(Route route) {
			FloorRoute r = this.pool.get(route);
			FloorConnection c = r.top.get();
			if (!r.top.compareAndSet(c, c.next)) {
				throw new IllegalStateException("one thread leases the floor");
			}
			c.uses++;
			FloorConnection top = r.top.get();
			c.next = top;
			if (!r.top.compareAndSet(top, c)) {
				throw new IllegalStateException("one thread leases the floor");
			}
			return c;
		}
	}

	/** A route of the floor: its idle stack. */
	static final class FloorRoute {

		final AtomicReference<FloorConnection> top = new AtomicReference<>();
	}

	/** A connection of the floor, padded to about the size of the pool's (120 bytes with compressed pointers). */
	@SuppressWarnings("unused") // the padding is never read: it only gives the object the pool's connection size
	static final class FloorConnection {

		FloorConnection next;

		long uses;

		private long p1;

		private long p2;

		private long p3;

		private long p4;

		private long p5;

		private long p6;

		private long p7;

		private long p8;

		private long p9;

		private long p10;

		private long p11;

		private long p12;
	}

	/** A connection without a socket, always healthy. */
	static final class FakeConnection extends PooledConnection {

		FakeConnection(Route route) {
			super(route, System.nanoTime());
		}

		@Override
		protected void closeSocket() {
		}

		@Override
		protected CloseReason probe() {
			return null;
		}
	}
}
