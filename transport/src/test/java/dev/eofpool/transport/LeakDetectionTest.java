package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.LogCapture;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;

/** A response dropped without reading or closing is found, its connection closed, a warning logged, a leak counted. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakDetectionTest {

	private static final String EXCHANGE_LOGGER = "dev.eofpool.transport.internal.connection.Exchange";

	@Test
	void abandonedResponseIsDetectedClosedLoggedAndCounted() throws Exception {
		try (LogCapture log = LogCapture.of(EXCHANGE_LOGGER);
				TestServer server = TestServer.responding((c, r) -> c.respond(200, "x".repeat(5000)));
				HttpTransport transport = new HttpTransport(TransportConfig.builder().leakCallSites(true).build())) {
			abandon(transport, server);
			// the leak detector runs when the collector finds the dropped body; it counts the leak, then logs it
			// (responses other tests in this JVM abandoned may be collected here too: only this server's count)
			String origin = "http://127.0.0.1:" + server.port() + "/";
			Waits.until(() -> {
				System.gc();
				return transport.stats().total().leaks() > 0 && !log.containing(origin).isEmpty();
			}, "the collector to find the abandoned body and the leak warning");
			assertThat(transport.stats().total().leaks()).isEqualTo(1);
			assertThat(transport.stats().total().closedByReason().get(CloseReason.LEAKED)).isEqualTo(1);
			assertThat(transport.stats().total().leased()).isZero();
			assertThat(log.containing(origin)).singleElement().satisfies((w) -> {
				assertThat(w.getMessage()).contains("GET http://127.0.0.1:" + server.port() + "/leak")
					.contains("neither read to its end nor closed")
					.containsPattern("held \\d+ ms");
				assertThat(w.getThrown()).isNotNull();
				// the call site names the code that made the request
				assertThat(w.getThrown().getStackTrace()).anySatisfy((frame) -> {
					assertThat(frame.getClassName()).isEqualTo(LeakDetectionTest.class.getName());
					assertThat(frame.getMethodName()).isEqualTo("abandon");
				});
			});
			PoolAssertions.assertBalanced(transport.stats());
			// the pool is healthy afterwards
			transport.send(HttpRequest.get(server.uri("/"))).body().readAllBytes();
		}
	}

	/**
	 * The transport is closed and dropped while the caller still holds an unread body: the body is then the only path
	 * from the caller to its exchange, and a watch reachable only through the exchange would die with the body, leaving
	 * the socket open. The watch must still find it, close the connection (the server sees the close) and tell the
	 * listener. (Open connections are also held by the shared I/O watchdog's set; the watch does not rely on that.)
	 */
	@Test
	void aLeakedBodyIsFoundWhenOnlyTheBodyReachesItsConnection() throws Exception {
		CountDownLatch clientClosed = new CountDownLatch(1);
		List<CloseReason> releases = new CopyOnWriteArrayList<>();
		CallListener listener = new CallListener() {

			@Override
			public void connectionReleased(Route route, boolean kept, CloseReason reason) {
				releases.add(reason);
			}
		};
		try (LogCapture log = LogCapture.of(EXCHANGE_LOGGER); TestServer server = TestServer.start((c) -> {
			c.readRequest();
			c.respond(200, "x".repeat(5000));
			if (c.awaitClientClose()) {
				clientClosed.countDown();
			}
		})) {
			abandonOnClosedTransport(server, listener);
			String origin = "http://127.0.0.1:" + server.port() + "/";
			Waits.until(() -> {
				System.gc();
				return clientClosed.getCount() == 0 && !log.containing(origin).isEmpty();
			}, "the collector to find the body of the dropped transport, and its connection closed");
			assertThat(releases).containsExactly(CloseReason.LEAKED);
			assertThat(log.containing(origin)).singleElement()
				.satisfies((w) -> assertThat(w.getMessage()).contains("neither read to its end nor closed"));
			assertThat(server.accepted()).isEqualTo(1);
		}
	}

	/** Reads one byte of a response, closes and drops the transport, then drops the body. */
	private static void abandonOnClosedTransport(TestServer server, CallListener listener) throws Exception {
		HttpTransport transport = new HttpTransport(TransportConfig.defaults());
		transport.addCallListener(listener);
		java.io.InputStream body = transport.send(HttpRequest.get(server.uri("/leak"))).body();
		assertThat(body.read()).isEqualTo('x');
		transport.close();
		assertThat(transport.stats().total().leased()).as("the closed pool still books the leased connection").isOne();
		transport = null; // the body is now the only path to the connection
		assertThat(body.read()).isEqualTo('x');
	}

	@Test
	void withoutCallSitesTheWarningNamesTheCallSiteSettingAsConfigured() throws Exception {
		assertThat(leakWarning(TransportConfig.builder()))
			.endsWith(" Enable leak call sites (TransportConfig.Builder.leakCallSites) to log where the request was made.");
		SettingNames properties = new SettingNames() {

			@Override
			public String transportWide(String setting) {
				return "my." + setting;
			}

			@Override
			public String perHost(String pattern, String setting) {
				return "my.hosts." + pattern + "." + setting;
			}
		};
		assertThat(leakWarning(TransportConfig.builder().settingNames(properties)))
			.endsWith(" Enable leak call sites (my.leakCallSites) to log where the request was made.");
	}

	/** The warning of one response abandoned on a transport without call sites. */
	private static String leakWarning(TransportConfig.Builder config) throws Exception {
		try (LogCapture log = LogCapture.of(EXCHANGE_LOGGER);
				TestServer server = TestServer.responding((c, r) -> c.respond(200, "x".repeat(5000)));
				HttpTransport transport = new HttpTransport(config.build())) {
			abandon(transport, server);
			// the leak detector runs when the collector finds the dropped body; it counts the leak, then logs it
			String origin = "http://127.0.0.1:" + server.port() + "/";
			Waits.until(() -> {
				System.gc();
				return transport.stats().total().leaks() > 0 && !log.containing(origin).isEmpty();
			}, "the collector to find the abandoned body and the leak warning");
			List<LogRecord> ours = log.containing(origin);
			assertThat(ours).hasSize(1);
			assertThat(ours.get(0).getThrown()).isNull();
			return ours.get(0).getMessage();
		}
	}

	private static void abandon(HttpTransport transport, TestServer server) throws Exception {
		transport.send(HttpRequest.get(server.uri("/leak"))).body().read();
	}
}
