package dev.eofpool.sample;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.eofpool.sample.upstream.TlsUpstream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample app on a random port, calls each demo endpoint and checks the connection counts it reports. The
 * counts that prove the point are the upstream server's (distinct client ports its requests arrived on), not the
 * pool's own accounting; the pool's figures are checked against them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class SampleApplicationTests {

	/** A label's name in a scraped series: {@code outcome="success"}. */
	private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"");

	@LocalServerPort
	private int port;

	@Autowired
	private TlsUpstream tlsUpstream;

	private AppClient app;

	@BeforeEach
	void client() {
		this.app = new AppClient(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "rest-template", "http-service" })
	void twoHundredSequentialCallsOpenOneConnection(String client) throws Exception {
		JsonNode report = this.app.json("/demo/sequential?calls=200&client=" + client);

		assertThat(report.path("succeeded").asInt()).isEqualTo(200);
		assertThat(report.path("server").path("requests").asInt()).isEqualTo(200);
		assertThat(report.path("server").path("connections").asInt()).as("connections the upstream saw").isEqualTo(1);
		// the connection may be left idle by an earlier test (then none is opened): either way, one serves all
		assertThat(report.path("pool").path("opened").asInt()).isLessThanOrEqualTo(1);
		assertThat(report.path("pool").path("reusedRequests").asInt()).isGreaterThanOrEqualTo(199);
	}

	@Test
	void theWarmUpDemoListsTheHostWithMinIdle() throws Exception {
		JsonNode report = this.app.json("/demo/warm-up");

		JsonNode host = report.path("hosts").path(0);
		assertThat(host.path("route").asString()).isEqualTo("http://localhost:8080");
		assertThat(host.path("minIdle").asInt()).isEqualTo(2);
		// on a random port nothing listens on 8080 here: the warm-up failed, was logged, and start-up went on;
		// on 8080 (the app run by hand) both connections are idle before the first request
		assertThat(host.path("idle").asInt() + host.path("connectFailures").asInt()).isPositive();
	}

	@Test
	void concurrentCallsWaitAtThePerHostLimitInsteadOfDialingMore() throws Exception {
		JsonNode report = this.app.json("/demo/concurrent?calls=32");

		assertThat(report.path("details").path("maxConnectionsPerHost").asInt()).as("eofpool.hosts.[127.0.0.1]")
			.isEqualTo(4);
		assertThat(report.path("route").asString()).startsWith("http://127.0.0.1:");
		assertThat(report.path("succeeded").asInt()).isEqualTo(32);
		assertThat(report.path("server").path("peakInFlight").asInt()).as("most requests in flight at once")
			.isEqualTo(4);
		assertThat(report.path("server").path("connections").asInt()).isEqualTo(4);
		assertThat(report.path("pool").path("opened").asInt()).isLessThanOrEqualTo(4);
		assertThat(report.path("pool").path("reusedRequests").asInt()).isGreaterThanOrEqualTo(28);
	}

	@Test
	void anUpstreamClosingIdleConnectionsCausesNoFailure() throws Exception {
		JsonNode report = this.app.json("/demo/idle-closing?calls=5");

		assertThat(report.path("errors").size()).as(report.path("errors").toString()).isZero();
		assertThat(report.path("succeeded").asInt()).isEqualTo(5);
		assertThat(report.path("route").asString()).as("not capped by the 127.0.0.1 override").startsWith("http://localhost:");
		// every call needed a new connection: the previous one was closed by the upstream, or by the pool first
		assertThat(report.path("server").path("connections").asInt()).isEqualTo(5);
		JsonNode closes = report.path("pool").path("closedByReason");
		Set<String> reasons = new HashSet<>(closes.propertyNames());
		assertThat(reasons).isNotEmpty().isSubsetOf("server-closed-idle", "io-error", "learned-idle-timeout");
		// the upstream closes at most the first connection itself (none when an earlier run in this context already
		// taught the pool): that stale connection is found by the probe before reuse (server-closed-idle) or by a
		// failed first attempt, retried (io-error); from it the pool learns the server's idle timeout (500 ms, above
		// the 100 ms floor) and closes every later one before the server does
		int serverCloses = report.path("server").path("idleCloses").asInt();
		assertThat(serverCloses).as("connections the upstream closed").isBetween(0, 1);
		assertThat(closes.path("server-closed-idle").asLong() + closes.path("io-error").asLong()).isEqualTo(serverCloses);
		assertThat(report.path("pool").path("retries").asLong()).isLessThanOrEqualTo(serverCloses);
		assertThat(closes.path("learned-idle-timeout").asLong()).as("closed by the pool before the server")
			.isBetween(4L - serverCloses, 5L - serverCloses);
		assertThat(report.path("details").path("upstreamIdleTimeout").asString()).isEqualTo("PT0.5S");
	}

	@Test
	void aBodyClosedEarlyWithLittleLeftIsDrainedAndItsConnectionReused() throws Exception {
		JsonNode report = this.app.json("/demo/early-close?bytes=65536&read=1024");

		assertThat(report.path("succeeded").asInt()).isEqualTo(2);
		assertThat(report.path("server").path("connections").asInt()).isEqualTo(1);
		assertThat(report.path("pool").path("drainsReused").asInt()).isEqualTo(1);
		assertThat(report.path("pool").path("drainsClosed").asInt()).isZero();
		assertThat(report.path("details").path("connectionAfterClose").asString()).isEqualTo("reused");
	}

	@Test
	void aLargeBodyClosedEarlyClosesItsConnection() throws Exception {
		JsonNode report = this.app.json("/demo/early-close?bytes=16777216&read=1024");

		assertThat(report.path("succeeded").asInt()).isEqualTo(2);
		assertThat(report.path("server").path("connections").asInt()).as("the next call needed a new connection")
			.isEqualTo(2);
		assertThat(report.path("pool").path("drainsClosed").asInt()).isEqualTo(1);
		assertThat(report.path("pool").path("closedByReason").path("drain-limit").asInt()).isEqualTo(1);
		assertThat(report.path("details").path("connectionAfterClose").asString()).isEqualTo("closed");
	}

	@Test
	void actuatorExposesHealthMetricsAndThePoolEndpoint() throws Exception {
		this.app.json("/demo/sequential?calls=10");

		JsonNode health = this.app.json("/actuator/health");
		assertThat(health.path("components").path("eofpool").path("status").asString()).isEqualTo("UP");
		JsonNode metrics = this.app.json("/actuator/metrics");
		assertThat(metrics.path("names").valueStream().map(JsonNode::asString)).contains("eofpool.connections",
				"eofpool.requests", "eofpool.connections.closed", "eofpool.acquire");
		JsonNode pool = this.app.json("/actuator/eofpool");
		assertThat(pool.path("routes").valueStream().map((r) -> r.path("route").asString()))
			.contains("http://localhost:" + this.port);
		assertThat(this.app.json("/actuator/eofpool/localhost:" + this.port).path("routes").size()).isEqualTo(1);
	}

	/**
	 * Every series the dashboard queries is in a real Prometheus scrape, with every label the dashboard selects or
	 * groups it by. What a series needs to exist, and to hold a real sample, is made to happen first: a new https
	 * connection (DNS lookup, TCP connect, TLS handshake), reuse, and a close (a close reason and a connection
	 * lifetime).
	 */
	@Test
	void everyMetricTheGrafanaDashboardQueriesIsScraped() throws Exception {
		this.app.json("/demo/trace?scheme=https");
		this.app.json("/demo/sequential?calls=10");
		this.app.json("/demo/early-close?bytes=16777216");
		String scrape = this.app.text("/actuator/prometheus");
		Map<String, Set<String>> scraped = new HashMap<>();
		Matcher series = Pattern.compile("(?m)^(eofpool_[a-z_]+)(?:\\{([^}]*)\\})?").matcher(scrape);
		while (series.find()) {
			Set<String> labels = scraped.computeIfAbsent(series.group(1), (name) -> new TreeSet<>());
			Matcher label = LABEL.matcher((series.group(2) != null) ? series.group(2) : "");
			while (label.find()) {
				labels.add(label.group(1));
			}
		}

		String dashboard = Files.readString(Path.of("../docs/grafana-eofpool.json"));
		Map<String, Set<String>> queried = new HashMap<>();
		Matcher metric = Pattern.compile("eofpool_[a-z_]+").matcher(dashboard);
		while (metric.find()) {
			queried.computeIfAbsent(metric.group(), (name) -> new TreeSet<>());
		}
		// labels a query selects on, metric{label=...}, or groups by, by (label) (rate(metric...
		Matcher selector = Pattern.compile("(eofpool_[a-z_]+)\\{([^}]*)\\}").matcher(dashboard);
		while (selector.find()) {
			Matcher label = Pattern.compile("([a-z_]+)=~?\\\\\"").matcher(selector.group(2));
			while (label.find()) {
				queried.get(selector.group(1)).add(label.group(1));
			}
		}
		Matcher grouped = Pattern.compile("by \\(([a-z_, ]+)\\) \\((?:rate|increase)\\((eofpool_[a-z_]+)")
			.matcher(dashboard);
		while (grouped.find()) {
			for (String label : grouped.group(1).split(",\\s*")) {
				queried.get(grouped.group(2)).add(label);
			}
		}
		queried.values().forEach((labels) -> labels.remove("instance")); // added by Prometheus when it scrapes

		assertThat(queried).containsKeys("eofpool_connections", "eofpool_requests_total",
				"eofpool_acquire_seconds_bucket", "eofpool_dns_seconds_bucket", "eofpool_connect_seconds_bucket",
				"eofpool_tls_handshake_seconds_bucket", "eofpool_connection_duration_seconds_bucket",
				"eofpool_connections_closed_total");
		assertThat(queried.get("eofpool_acquire_seconds_count")).as("labels the dashboard reads").contains("outcome");
		assertThat(scraped).containsKeys(queried.keySet().toArray(String[]::new));
		queried.forEach((name, labels) -> assertThat(scraped.get(name)).as("labels of %s", name).containsAll(labels));
		// the demos above dialed: the dial's timers have real samples, not only their pre-registered zeros
		String https = "host=\"localhost:" + this.tlsUpstream.port() + "\"";
		String success = "outcome=\"success\"";
		assertThat(sum(scrape, "eofpool_dns_seconds_count", https, success)).isPositive();
		assertThat(sum(scrape, "eofpool_connect_seconds_count", https, success)).isPositive();
		assertThat(sum(scrape, "eofpool_tls_handshake_seconds_count", https, success)).isPositive();
		assertThat(sum(scrape, "eofpool_connection_duration_seconds_count", "host=\"localhost:" + this.port + "\""))
			.as("the early-closed connection's lifetime")
			.isPositive();
	}

	/** The sum of the scraped series {@code name} whose labels include all of {@code labels}. */
	private static double sum(String scrape, String name, String... labels) {
		Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
		double sum = 0;
		boolean found = false;
		while (line.find()) {
			if (Arrays.stream(labels).allMatch(line.group(1)::contains)) {
				sum += Double.parseDouble(line.group(2));
				found = true;
			}
		}
		assertThat(found).as("a series %s with %s in the scrape", name, Arrays.toString(labels)).isTrue();
		return sum;
	}

}
