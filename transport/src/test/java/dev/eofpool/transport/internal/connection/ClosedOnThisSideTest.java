package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.pool.ConnectionPool;
import dev.eofpool.transport.internal.pool.ReleaseOutcome;

/**
 * A socket closed on this side, as the {@link IoWatchdog} closes one whose deadline passed just as the exchange's last
 * read returned: the exchange never keeps it, and the idle probe never takes it for the server closing it (which would
 * teach the route a bogus idle timeout).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClosedOnThisSideTest {

	private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

	private TestServer server;

	private ConnectionPool<Connection> pool;

	@AfterEach
	void close() throws IOException {
		if (this.pool != null) {
			this.pool.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aConnectionClosedAsTheLastBodyBytesAreReadIsNotKept() throws Exception {
		this.server = TestServer.responding((c, r) -> c.write(RESPONSE));
		TransportConfig config = TransportConfig.defaults();
		this.pool = new ConnectionPool<>(config, Connection.class);
		Route route = new Route("http", "127.0.0.1", this.server.port());
		Connector connector = new Connector(Ticker.SYSTEM);
		Connection conn = this.pool.acquire(route, (r) -> connector.connect(r, Duration.ofSeconds(5)));
		Exchange exchange = new Exchange(this.pool, conn, HttpRequest.get(this.server.uri("/")), HeadLimits.of(config),
				config);
		HttpResponse response = exchange.execute(0, 0, false, false);
		// the response left in one write: the body is in the reader's buffer, and reading it touches no socket
		assertThat(conn.reader().bufferedBytes()).isEqualTo(5);
		Thread watchdog = new Thread(conn::closeSocket); // what the IoWatchdog does, from its own thread
		watchdog.start();
		watchdog.join();
		assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
		RouteStats total = this.pool.stats().total();
		assertThat(total.idle()).isZero();
		assertThat(total.leased()).isZero();
		assertThat(total.closedByReason().get(CloseReason.IO_ERROR)).isEqualTo(1);
	}

	@Test
	void theProbeOfAConnectionClosedOnThisSideBlamesNoServerAndTeachesNoIdleTimeout() throws Exception {
		this.server = TestServer.responding((c, r) -> c.write(RESPONSE));
		ManualTicker ticker = new ManualTicker();
		TransportConfig config = TransportConfig.builder().ticker(ticker).build();
		this.pool = new ConnectionPool<>(config, Connection.class);
		Route route = new Route("http", "127.0.0.1", this.server.port());
		Connector connector = new Connector(ticker);
		ConnectionPool.Dialer<Connection> dialer = (r) -> connector.connect(r, Duration.ofSeconds(5));
		Connection first = this.pool.acquire(route, dialer);
		assertThat(this.pool.release(first, ReleaseOutcome.KEEP)).isTrue();
		first.closeSocket(); // closed on this side after the release looked (the window the release cannot see)
		ticker.advance(1, TimeUnit.SECONDS); // past the idle age after which a lease probes
		Connection second = this.pool.acquire(route, dialer);
		assertThat(second).isNotSameAs(first);
		RouteStats stats = this.pool.stats().routes().get(route);
		assertThat(stats.closedByReason().get(CloseReason.SERVER_CLOSED_IDLE)).isZero();
		assertThat(stats.closedByReason().get(CloseReason.IO_ERROR)).isEqualTo(1);
		assertThat(stats.learnedIdleTimeout()).isNull();
		this.pool.release(second, ReleaseOutcome.KEEP);
	}
}
