package dev.eofpool.spring.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.RouteStats;

/**
 * Metrics, health and the {@code eofpool} endpoint of a real application: an embedded Tomcat serves test endpoints,
 * Boot's injected {@link RestClient.Builder} calls them over eofpool, and the actuator is read over plain JDK HTTP
 * (so that reading it does not change the pool). Each test calls its own loopback address (127.0.0.x all reach the
 * server), so each has a route of its own whatever the order the tests run in.
 */
@SpringBootTest(classes = EofPoolObservabilityIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,metrics,eofpool",
				"management.endpoint.health.show-details=always", "eofpool.metrics.per-host-tags=true",
				"eofpool.metrics.snapshot-max-age=0s", "server.tomcat.max-keep-alive-requests=-1",
				"eofpool.drain.max-bytes=1KB", "eofpool.hosts.[127.0.0.5].max-connections=4",
				"eofpool.hosts.[127.0.0.5].acquire-timeout=100ms" })
@Timeout(60)
class EofPoolObservabilityIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private HttpTransport transport;

	@Autowired
	private TestEndpoints endpoints;

	private final HttpClient actuatorClient = HttpClient.newHttpClient();

	@BeforeEach
	void freshLatches() {
		this.endpoints.endlessAborted = new CountDownLatch(1);
		this.endpoints.release = new CountDownLatch(1);
	}

	@AfterEach
	void releaseBlockedHandlers() {
		this.endpoints.release.countDown();
	}

	@Test
	void sequentialCallsOpenOneConnectionAndReuseIt() throws Exception {
		RestClient client = client("127.0.0.2");
		for (int i = 0; i < 100; i++) {
			assertThat(client.get().uri("/hello").retrieve().body(String.class)).isEqualTo("hello");
		}
		String host = "host:127.0.0.2:" + this.port;
		assertThat(metric("eofpool.connections.opened", host)).isEqualTo(1);
		assertThat(metric("eofpool.requests", host, "connection:reused")).isEqualTo(99);
		assertThat(metric("eofpool.requests", host, "connection:new")).isEqualTo(1);
		assertThat(metric("eofpool.connections", host)).isEqualTo(1);
		assertThat(metric("eofpool.connections", host, "state:idle")).isEqualTo(1);
		assertThat(metric("eofpool.connections", host, "state:active")).isZero();
		// close reasons are registered when first seen: nothing closed, so no series at all for this host
		assertThat(this.registry.find("eofpool.connections.closed").tag("host", "127.0.0.2:" + this.port)
			.functionCounters()).isEmpty();
		assertThat(metric("eofpool.connections.max", host)).isEqualTo(256);
		assertThat(metric("eofpool.acquire", host, "outcome:ok")).isEqualTo(100);
		assertThat(metric("eofpool.acquire.waiting", host)).isZero();
	}

	@Test
	void anEarlyClosedEndlessBodyShowsItsCloseReason() throws Exception {
		RestClient client = client("127.0.0.3");
		byte[] start = client.get().uri("/endless").exchange((request, response) -> {
			InputStream body = response.getBody();
			return body.readNBytes(16);
		});
		assertThat(start).hasSize(16);
		assertThat(this.endpoints.endlessAborted.await(30, TimeUnit.SECONDS)).isTrue();
		String host = "host:127.0.0.3:" + this.port;
		assertThat(metric("eofpool.drains", host, "outcome:closed")).isEqualTo(1);
		assertThat(metric("eofpool.drains", host, "outcome:reused")).isZero();
		// the one reason seen is the only one registered for this host
		assertThat(this.registry.find("eofpool.connections.closed").tag("host", "127.0.0.3:" + this.port)
			.functionCounters()).singleElement().satisfies((c) -> {
				assertThat(c.getId().getTag("reason")).isIn("drain-limit", "drain-timeout");
				assertThat(c.count()).isEqualTo(1);
			});
		assertThat(metric("eofpool.connections", host)).isZero();
		String route = get("/actuator/eofpool/127.0.0.3:" + this.port);
		Map<String, Integer> reasons = JsonPath.read(route, "$.routes[0].closedByReason");
		assertThat(reasons).hasSize(1).containsAnyOf(Map.entry("drain-limit", 1), Map.entry("drain-timeout", 1));
	}

	@Test
	void healthShowsTheEofpoolComponentWithDetails() throws Exception {
		RestClient client = client("127.0.0.4");
		for (int i = 0; i < 3; i++) {
			client.get().uri("/hello").retrieve().body(String.class);
		}
		String health = get("/actuator/health");
		assertThat((String) JsonPath.read(health, "$.components.eofpool.status")).isEqualTo("UP");
		assertThat((Boolean) JsonPath.read(health, "$.components.eofpool.details.closed")).isFalse();
		Map<String, Object> host = JsonPath.read(health,
				"$.components.eofpool.details.hosts['127.0.0.4:" + this.port + "']");
		assertThat(host).containsEntry("idle", 1)
			.containsEntry("active", 0)
			.containsEntry("waiting", 0)
			.containsEntry("limit", 256)
			.containsEntry("recentConnectFailures", 0)
			.containsKey("effectiveIdleTimeout");
		// Tomcat may advertise Keep-Alive: timeout=, which shortens the configured 30 s
		assertThat(Duration.parse((String) host.get("effectiveIdleTimeout"))).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(30));
		assertThat((Integer) JsonPath.read(health, "$.components.eofpool.details.total.open")).isPositive();
	}

	@Test
	void endpointListsTheRouteAndSelectsOneHost() throws Exception {
		RestClient client = client("127.0.0.6");
		client.get().uri("/hello").retrieve().body(String.class);
		client.get().uri("/hello").retrieve().body(String.class);
		String route = "http://127.0.0.6:" + this.port;
		String all = get("/actuator/eofpool");
		assertThat((Boolean) JsonPath.read(all, "$.closed")).isFalse();
		List<String> routes = JsonPath.read(all, "$.routes[*].route");
		assertThat(routes).contains(route);
		String one = get("/actuator/eofpool/127.0.0.6:" + this.port);
		assertThat((String) JsonPath.read(one, "$.routes[0].route")).isEqualTo(route);
		assertThat((Integer) JsonPath.read(one, "$.routes[0].counts.opened")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(one, "$.routes[0].counts.requests")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(one, "$.routes[0].counts.reusedRequests")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(one, "$.routes[0].connections.idle")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(one, "$.routes[0].limits.maxConnections")).isEqualTo(256);
		assertThat((String) JsonPath.read(one, "$.routes[0].idleTimeout.configured")).isEqualTo("PT30S");
		assertThat(Duration.parse(JsonPath.read(one, "$.routes[0].idleTimeout.effective"))).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(30));
		HttpResponse<String> missing = this.actuatorClient.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/eofpool/nowhere:1"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(404);
	}

	@Test
	void metricInvariantsHoldAfterAConcurrentRunWithFaults() throws Exception {
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		RestClient client = client("127.0.0.5");
		RestClient impatient = RestClient.builder()
			.baseUrl("http://127.0.0.5:" + this.port)
			.requestFactory(this.requestFactoryBuilder.build(
					HttpClientSettings.defaults().withReadTimeout(Duration.ofMillis(200))))
			.build();
		RestClient dead = client("127.0.0.5").mutate().baseUrl("http://127.0.0.5:" + deadPort).build();
		AtomicInteger closeOk = new AtomicInteger();
		AtomicInteger endlessOk = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger timedOut = new AtomicInteger();
		AtomicInteger acquireTimeouts = new AtomicInteger();
		int threads = 8;
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Random random = new Random(42 + t);
				done.add(executor.submit(() -> {
					assertThat(go.await(30, TimeUnit.SECONDS)).as("the start signal").isTrue();
					for (int i = 0; i < 40; i++) {
						try {
							switch (random.nextInt(10)) {
								case 0, 1, 2, 3 -> assertThat(client.get().uri("/hello").retrieve().body(String.class))
									.isEqualTo("hello");
								case 4 -> {
									client.get().uri("/close").retrieve().toBodilessEntity();
									closeOk.incrementAndGet();
								}
								case 5 -> {
									client.get().uri("/endless").exchange((rq, rs) -> rs.getBody().readNBytes(4));
									endlessOk.incrementAndGet();
								}
								case 6 -> {
									assertThatExceptionOfType(ResourceAccessException.class)
										.isThrownBy(() -> dead.get().uri("/hello").retrieve().body(String.class));
									refused.incrementAndGet();
								}
								case 7 -> {
									try {
										impatient.get().uri("/stall").retrieve().body(String.class);
									}
									catch (ResourceAccessException ex) {
										if (ex.getCause() instanceof SocketTimeoutException) {
											timedOut.incrementAndGet();
										}
										throw ex;
									}
								}
								default -> client.get().uri("/unprocessable").exchange((rq, rs) -> rs.getStatusCode());
							}
						}
						catch (ResourceAccessException ex) {
							// read timeouts (counted above), and waits past the acquire timeout at the host's limit
							if (ex.getCause() instanceof PoolExhaustedException) {
								acquireTimeouts.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> future : done) {
				future.get(50, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
			this.endpoints.release.countDown();
		}
		assertThat(refused.get()).isPositive();
		assertThat(endlessOk.get()).isPositive();

		// quiescent: every response was read or closed, nothing in flight
		RouteStats total = this.transport.stats().total();
		assertThat(total.leased()).isZero();
		assertThat(total.connecting()).isZero();
		assertThat(total.waiting()).isZero();
		assertThat(total.opened() - total.closed()).isEqualTo(total.idle());

		double open = sumGauges("eofpool.connections");
		double idle = this.registry.find("eofpool.connections").tag("state", "idle").gauges().stream()
			.mapToDouble(Gauge::value).sum();
		double opened = sumCounters("eofpool.connections.opened");
		double closed = sumCounters("eofpool.connections.closed");
		assertThat(open).isEqualTo(idle).isEqualTo(total.idle());
		assertThat(opened - closed).isEqualTo(open);
		assertThat(closed).isEqualTo(total.closed());
		double newRequests = sumCounters("eofpool.requests", "connection", "new");
		double reusedRequests = sumCounters("eofpool.requests", "connection", "reused");
		assertThat(newRequests).isEqualTo(opened);
		assertThat(newRequests + reusedRequests).isEqualTo(total.requests());
		assertThat(acquireCount("ok")).isEqualTo(total.requests());
		assertThat(sumCounters("eofpool.connect.failures")).isEqualTo(refused.get()).isEqualTo(total.connectFailures());
		assertThat(acquireCount("error")).isGreaterThanOrEqualTo(refused.get());
		assertThat(this.registry.get("eofpool.acquire").tags("host", "127.0.0.5:" + this.port, "outcome", "timeout")
			.timer().count()).isEqualTo(acquireTimeouts.get());
		// per-cause closes of the faulty host: each /close, each early-closed endless body, each read timeout
		String host = "127.0.0.5:" + this.port;
		assertThat(sumCounters("eofpool.connections.closed", "host", host, "reason", "server-connection-close"))
			.isEqualTo(closeOk.get());
		double drainClosed = sumCounters("eofpool.connections.closed", "host", host, "reason", "drain-limit")
				+ sumCounters("eofpool.connections.closed", "host", host, "reason", "drain-timeout");
		assertThat(drainClosed).isEqualTo(endlessOk.get());
		// every body closed before its end is a drain: also the unread "bye" and "no" bodies, drained to their end
		assertThat(sumCounters("eofpool.drains", "host", host, "outcome", "closed"))
			.isGreaterThanOrEqualTo(drainClosed);
		assertThat(sumCounters("eofpool.connections.closed", "host", host, "reason", "timeout"))
			.isEqualTo(timedOut.get());
		assertThat(this.registry.find("eofpool.retries").counters().stream().mapToDouble((c) -> c.count()).sum())
			.isEqualTo(total.retries());
		assertThat(sumCounters("eofpool.leaks")).isEqualTo(total.leaks())
			.isEqualTo(sumCounters("eofpool.connections.closed", "reason", "leaked"));

		// the unreachable host is named in the health details, and the application stays UP by default
		String health = get("/actuator/health");
		assertThat((String) JsonPath.read(health, "$.components.eofpool.status")).isEqualTo("UP");
		if (refused.get() >= 3) {
			List<String> failing = JsonPath.read(health, "$.components.eofpool.details.connectFailing");
			assertThat(failing).contains("127.0.0.5:" + deadPort);
		}
	}

	private RestClient client(String address) {
		return this.restClientBuilder.clone().baseUrl("http://" + address + ":" + this.port).build();
	}

	private double sumGauges(String name) {
		return this.registry.find(name).gauges().stream().mapToDouble(Gauge::value).sum();
	}

	private double sumCounters(String name, String... tags) {
		return this.registry.find(name).tags(tags).functionCounters().stream().mapToDouble(FunctionCounter::count)
			.sum();
	}

	private double acquireCount(String outcome) {
		return this.registry.find("eofpool.acquire").tag("outcome", outcome).timers().stream()
			.mapToDouble(Timer::count).sum();
	}

	/** The first measurement (VALUE or COUNT) of a meter from {@code /actuator/metrics}, filtered by tags. */
	private double metric(String name, String... tags) throws Exception {
		StringBuilder query = new StringBuilder();
		for (String tag : tags) {
			query.append(query.isEmpty() ? "?" : "&").append("tag=").append(tag);
		}
		String json = get("/actuator/metrics/" + name + query);
		Number value = JsonPath.read(json, "$.measurements[0].value");
		return value.doubleValue();
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.actuatorClient.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestEndpoints.class)
	static class TestApplication {

	}

	@RestController
	static class TestEndpoints {

		volatile CountDownLatch endlessAborted = new CountDownLatch(1);

		/** Holds {@code /stall} handlers until the test ends. */
		volatile CountDownLatch release = new CountDownLatch(1);

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/close")
		ResponseEntity<String> close() {
			return ResponseEntity.ok().header(HttpHeaders.CONNECTION, "close").body("bye");
		}

		@GetMapping("/unprocessable")
		ResponseEntity<String> unprocessable() {
			return ResponseEntity.unprocessableContent().body("no");
		}

		@GetMapping("/stall")
		String stall() throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
			return "late";
		}

		@GetMapping("/endless")
		void endless(HttpServletResponse response) throws IOException {
			response.setContentType("application/octet-stream");
			byte[] chunk = new byte[8192];
			try {
				OutputStream out = response.getOutputStream();
				while (true) {
					out.write(chunk);
					out.flush();
				}
			}
			catch (IOException ex) {
				this.endlessAborted.countDown();
				throw ex;
			}
		}

	}

}
