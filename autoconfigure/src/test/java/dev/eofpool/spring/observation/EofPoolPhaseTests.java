package dev.eofpool.spring.observation;

import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.ObservationContextAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import dev.eofpool.testfixtures.Background;
import dev.eofpool.testfixtures.Blackhole;
import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.Waits;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Resolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each slow phase of a call shows up as that phase, in the meters (the eofpool timers, by outcome) and as the right
 * child observation of the request's {@code http.client.requests} (how long each lasted: {@link ObservedApplication}'s
 * spans), in a real Spring context with a {@code RestClient} from the auto-configured builder. The server side holds
 * each delay: a slow name server ({@link SlowResolver} bean), a blackholed address ({@link Blackhole}), a slow TLS
 * server ({@link HeldTls}), a full pool (a first call holding the only connection).
 */
@Timeout(60)
class EofPoolPhaseTests {

	/** The delay each test holds; every other phase of the call takes far less on loopback. */
	private static final Duration HOLD = Duration.ofMillis(400);

	private static final long HOLD_MS = HOLD.toMillis();

	private final ObservedApplication app = new ObservedApplication();

	@TempDir
	private Path directory;

	@BeforeAll
	static void generateCertificate() {
		// keytool runs once per JVM, here rather than inside the first test's timeout
		TestCertificates.serverContext();
	}

	@Test
	void aSlowLookupIsInTheDnsTimerAndTheConnectSpanNotInTheWait() throws Exception {
		SlowResolver resolver = new SlowResolver("slow-dns.test", HOLD, InetAddress.getLoopbackAddress());
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"))) {
			this.app.runner().withBean(Resolver.class, () -> resolver).run((context) -> {
				RestClient client = this.app.client(context, "http://slow-dns.test:" + server.port());
				assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(resolver.lookups()).isEqualTo(1);
				assertThat(server.accepted()).isEqualTo(1);
				// meters
				assertThat(this.app.meter("eofpool.dns", "success").count()).isEqualTo(1);
				assertThat(this.app.meter("eofpool.dns", "success").totalTime(TimeUnit.MILLISECONDS))
					.isGreaterThanOrEqualTo(HOLD_MS);
				assertThat(this.app.meter("eofpool.acquire", "ok").count()).isEqualTo(1);
				assertThat(this.app.meter("eofpool.acquire", "ok").totalTime(TimeUnit.MILLISECONDS)).isLessThan(HOLD_MS);
				assertThat(this.app.meter("eofpool.connect", "success").totalTime(TimeUnit.MILLISECONDS))
					.isLessThan(HOLD_MS);
				// spans: the lookup is part of eofpool.connect, a child of the request
				assertChildOfTheRequest("eofpool.connect");
				assertChildOfTheRequest("eofpool.acquire");
				assertThat(this.app.spanMillis("eofpool.connect")).isGreaterThanOrEqualTo(HOLD_MS);
				assertThat(this.app.spanMillis("eofpool.acquire")).isLessThan(HOLD_MS);
			});
		}
	}

	@Test
	void aBlackholedAddressIsAnAbandonedConnectAttemptLastingTheStagger() throws Exception {
		InetAddress dead = InetAddress.getByAddress(new byte[] { 127, 0, 0, 2 });
		InetAddress good = InetAddress.getByAddress(new byte[] { 127, 0, 0, 3 });
		try (Blackhole blackhole = Blackhole.at(dead, 0);
				TestServer server = TestServer.responding(new InetSocketAddress(good, blackhole.port()),
						(c, r) -> c.respond(200, "ok"))) {
			SlowResolver resolver = new SlowResolver("blackholed.test", Duration.ZERO, dead, good);
			this.app.runner()
				.withBean(Resolver.class, () -> resolver)
				.withPropertyValues("eofpool.dns.connect-stagger=" + HOLD_MS + "ms")
				.run((context) -> {
					RestClient client = this.app.client(context, "http://blackholed.test:" + blackhole.port());
					assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
					assertThat(server.accepted()).isEqualTo(1);
					// meters: the blackholed attempt lasted the stagger and was abandoned, the second one connected
					assertThat(this.app.meter("eofpool.connect", "abandoned").count()).isEqualTo(1);
					assertThat(this.app.meter("eofpool.connect", "abandoned").totalTime(TimeUnit.MILLISECONDS))
						.isGreaterThanOrEqualTo(HOLD_MS);
					assertThat(this.app.meter("eofpool.connect", "success").count()).isEqualTo(1);
					assertThat(this.app.meter("eofpool.connect", "success").totalTime(TimeUnit.MILLISECONDS))
						.isLessThan(HOLD_MS);
					assertThat(this.app.meters.get("eofpool.dial.races").counter().count()).isEqualTo(1);
					assertThat(this.app.meter("eofpool.acquire", "ok").totalTime(TimeUnit.MILLISECONDS))
						.isLessThan(HOLD_MS);
					// spans: eofpool.connect covers both attempts and names the abandoned one in an event
					assertChildOfTheRequest("eofpool.connect");
					assertThat(this.app.observations).hasObservationWithNameEqualTo("eofpool.connect")
						.that()
						.hasEvent("attempt.abandoned")
						.doesNotHaveEvent("attempt.failed")
						.hasHighCardinalityKeyValue("network.peer.address", "127.0.0.3");
					assertThat(this.app.spanMillis("eofpool.connect")).isGreaterThanOrEqualTo(HOLD_MS);
					assertThat(this.app.spanMillis("eofpool.acquire")).isLessThan(HOLD_MS);
				});
		}
	}

	@Test
	void aSlowTlsServerIsInTheHandshakeTimerAndSpan() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		Path trustStore = TestCertificates.writeTrustStore(this.directory.resolve("truststore.p12"));
		try (TestServer server = TestServer.responding(new HeldTls(tls, HOLD), (c, r) -> c.respond(200, "ok"))) {
			this.app.runner()
				.withPropertyValues("spring.ssl.bundle.jks.backend.truststore.location=" + trustStore.toUri(),
						"spring.ssl.bundle.jks.backend.truststore.password=" + TestCertificates.PASSWORD,
						"spring.ssl.bundle.jks.backend.truststore.type=PKCS12", "spring.http.clients.ssl.bundle=backend")
				.run((context) -> {
					RestClient client = this.app.client(context, "https://localhost:" + server.port());
					assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
					assertThat(tls.handshakes()).hasSize(1);
					// meters
					assertThat(this.app.meter("eofpool.tls.handshake", "success").count()).isEqualTo(1);
					assertThat(this.app.meter("eofpool.tls.handshake", "success").totalTime(TimeUnit.MILLISECONDS))
						.isGreaterThanOrEqualTo(HOLD_MS);
					assertThat(this.app.meter("eofpool.connect", "success").totalTime(TimeUnit.MILLISECONDS))
						.isLessThan(HOLD_MS);
					assertThat(this.app.meter("eofpool.acquire", "ok").totalTime(TimeUnit.MILLISECONDS))
						.isLessThan(HOLD_MS);
					// spans
					assertChildOfTheRequest("eofpool.tls.handshake");
					assertChildOfTheRequest("eofpool.connect");
					assertThat(this.app.spanMillis("eofpool.tls.handshake")).isGreaterThanOrEqualTo(HOLD_MS);
					assertThat(this.app.spanMillis("eofpool.connect")).isLessThan(HOLD_MS);
					assertThat(this.app.spanMillis("eofpool.acquire")).isLessThan(HOLD_MS);
				});
		}
	}

	@Test
	void aFullPoolIsInTheAcquireWaitAndItsSpanOnTheHandedOverConnection() throws Exception {
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"));
				Background background = new Background()) {
			this.app.runner().withPropertyValues("eofpool.max-connections-per-host=1").run((context) -> {
				RestClient client = this.app.client(context, "http://localhost:" + server.port());
				HttpTransport transport = context.getBean(HttpTransport.class);
				// the first call holds the only connection: its body stays unread until released
				Future<String> first = background.call(() -> client.get().uri("/first").exchange((request, response) -> {
					holding.countDown();
					try {
						Waits.await(release, "the test to release the first call");
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new InterruptedIOException("interrupted while holding the connection");
					}
					return new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
				}));
				Waits.await(holding, "the first call to hold the connection");
				Future<String> second = background.call(() -> client.get().uri("/second").retrieve().body(String.class));
				Waits.until(() -> transport.stats().total().waiting() == 1, "the second call to wait for a connection");
				long waitSeen = System.nanoTime();
				Thread.sleep(HOLD_MS); // the full pool: the delay under test
				long held = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitSeen);
				release.countDown();
				assertThat(background.get(first)).isEqualTo("ok");
				assertThat(background.get(second)).isEqualTo("ok");
				assertThat(server.accepted()).isEqualTo(1);
				// meters: the wait is the acquire timer's, no connect happened for the second call
				assertThat(this.app.meter("eofpool.acquire", "ok").count()).isEqualTo(2);
				assertThat(this.app.meter("eofpool.acquire", "ok").totalTime(TimeUnit.MILLISECONDS))
					.isGreaterThanOrEqualTo(held);
				assertThat(this.app.meter("eofpool.connect", "success").count()).isEqualTo(1);
				assertThat(this.app.meter("eofpool.connect", "success").totalTime(TimeUnit.MILLISECONDS))
					.isLessThan(HOLD_MS);
				// spans: the second request's eofpool.acquire held the wait, on the connection handed over to it
				assertThat(this.app.observations).hasNumberOfObservationsWithNameEqualTo("eofpool.acquire", 2)
					.hasHandledContextsThatSatisfy((contexts) -> {
						ObservationContextAssert.assertThat(acquireOf(contexts, "/second"))
							.hasLowCardinalityKeyValue("eofpool.connection", "reused");
						ObservationContextAssert.assertThat(acquireOf(contexts, "/first"))
							.hasLowCardinalityKeyValue("eofpool.connection", "new");
					});
				assertThat(this.app.spanMillis("eofpool.acquire", Tag.of("eofpool.connection", "reused")))
					.isGreaterThanOrEqualTo(held);
				assertThat(this.app.spanMillis("eofpool.acquire", Tag.of("eofpool.connection", "new")))
					.isLessThan(HOLD_MS);
			});
		}
	}

	/** The {@code eofpool.acquire} observation whose parent is the request to {@code path}. */
	private static Observation.Context acquireOf(List<Observation.Context> contexts, String path) {
		return contexts.stream()
			.filter((c) -> c.getName().equals("eofpool.acquire") && c.getParentObservation() != null
					&& ObservedApplication.request(path).test(c.getParentObservation().getContextView()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no eofpool.acquire under the request to " + path));
	}

	/** The one observation {@code name} is a child of the request to {@code /}, stopped without error. */
	private void assertChildOfTheRequest(String name) {
		assertThat(this.app.observations).hasObservationWithNameEqualTo(name)
			.that()
			.hasBeenStopped()
			.doesNotHaveError()
			.hasParentObservationContextMatching(ObservedApplication.request("/"));
	}

}
