package dev.eofpool.benchmarks.micro;

import java.io.IOException;
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

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.pool.ConnectionPool;
import dev.eofpool.transport.internal.pool.PooledConnection;
import dev.eofpool.transport.internal.pool.ReleaseOutcome;

/**
 * One lease of eofpool's {@link ConnectionPool}: acquire the idle connection, release it as the EOF path does. Alone,
 * and with 16 threads sharing one route whose pool holds 16 connections (every thread finds one idle, but they all
 * take the same lock). The connections are fakes without sockets: this is the pool's bookkeeping alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolBenchmark {

	private static final int CONNECTIONS = 16;

	private final Route route = new Route("http", "127.0.0.1", 8080);

	private ConnectionPool<FakeConnection> pool;

	@Setup(Level.Trial)
	public void open() {
		this.pool = new ConnectionPool<>(TransportConfig.builder()
			.maxConnectionsPerHost(CONNECTIONS)
			.maxIdlePerHost(CONNECTIONS)
			.backgroundEviction(false)
			.build(), FakeConnection.class);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.pool.close();
	}

	@Benchmark
	@Threads(1)
	public PooledConnection acquireReleaseAlone() throws IOException {
		return lease();
	}

	@Benchmark
	@Threads(CONNECTIONS)
	public PooledConnection acquireRelease16Threads() throws IOException {
		return lease();
	}

	private PooledConnection lease() throws IOException {
		PooledConnection c = this.pool.acquire(this.route, FakeConnection::new);
		this.pool.release(c, ReleaseOutcome.KEEP);
		return c;
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
