package dev.eofpool.sample;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.eofpool.sample.tracing.RecentSpans;
import dev.eofpool.sample.upstream.TlsUpstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's real tracing bridge (Boot's OpenTelemetry tracing, Micrometer's OTel bridge) exports the pool's phases
 * as child spans of Spring's {@code http.client.requests}: read from the in-memory exporter, not from the demo's own
 * report. The upstream's count of client ports proves the second call reused the first call's connection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(60)
class TracingTests {

	private static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("eofpool.connection");

	private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

	private static final AttributeKey<String> SERVER_PORT = AttributeKey.stringKey("server.port");

	@LocalServerPort
	private int port;

	@Autowired
	private RecentSpans spans;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private TlsUpstream tlsUpstream;

	private AppClient app;

	@BeforeEach
	void client() {
		this.app = new AppClient(this.port);
	}

	@Test
	void theWaitAndTheConnectAreChildSpansOfTheCallThatDialedAndOnlyTheWaitOfTheCallThatReused() throws Exception {
		JsonNode report = this.app.json("/demo/trace");
		assertThat(report.path("server").path("requests").asInt()).isEqualTo(2);
		assertThat(report.path("server").path("connections").asInt()).as("connections the upstream saw").isEqualTo(1);

		String traceId = report.path("trace").path("traceId").asString();
		assertThat(traceId).matches("[0-9a-f]{32}");
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		List<SpanData> trace = this.spans.trace(traceId);
		List<SpanData> calls = calls(trace);
		assertThat(calls).as("http.client.requests spans of trace %s", traceId).hasSize(2);

		List<SpanData> dialed = poolChildren(trace, calls.get(0));
		assertThat(dialed).extracting(SpanData::getName).containsExactly("eofpool.acquire", "eofpool.connect");
		assertThat(dialed.get(0).getAttributes().get(CONNECTION)).isEqualTo("new");
		List<SpanData> reused = poolChildren(trace, calls.get(1));
		assertThat(reused).extracting(SpanData::getName).containsExactly("eofpool.acquire");
		assertThat(reused.get(0).getAttributes().get(CONNECTION)).isEqualTo("reused");

		List<SpanData> pool = trace.stream().filter((span) -> span.getName().startsWith("eofpool.")).toList();
		assertThat(pool).as("every eofpool.* span of the trace is a child of a call's span").hasSize(3);
		for (SpanData span : pool) {
			SpanData parent = calls.stream()
				.filter((call) -> call.getSpanId().equals(span.getParentSpanId()))
				.findFirst()
				.orElseThrow();
			assertThat(span.getTraceId()).isEqualTo(parent.getTraceId());
			assertThat(span.getStartEpochNanos()).isGreaterThanOrEqualTo(parent.getStartEpochNanos());
			assertThat(span.getEndEpochNanos()).isLessThanOrEqualTo(parent.getEndEpochNanos());
			assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
			assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo(Integer.toString(this.port));
		}

		// the demo's own answer lists the same tree, as the pool page shows it
		assertThat(report.path("connections").valueStream().map(JsonNode::asString)).containsExactly("new", "reused");
		assertThat(report.path("trace").path("spans").valueStream()
			.filter((span) -> span.path("observation").asString().startsWith("eofpool."))
			.map((span) -> span.path("observation").asString() + "@" + span.path("depth").asInt()))
			.containsExactly("eofpool.acquire@1", "eofpool.connect@1", "eofpool.acquire@1");
	}

	@Test
	void anHttpsCallThatDialsAlsoHasTheTlsHandshakeAsAChildSpan() throws Exception {
		JsonNode report = this.app.json("/demo/trace?scheme=https");
		assertThat(report.path("route").asString()).isEqualTo("https://localhost:" + this.tlsUpstream.port());
		assertThat(report.path("server").path("requests").asInt()).isEqualTo(2);
		assertThat(report.path("server").path("connections").asInt()).as("connections the upstream saw").isEqualTo(1);

		String traceId = report.path("trace").path("traceId").asString();
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		List<SpanData> trace = this.spans.trace(traceId);
		List<SpanData> calls = calls(trace);
		assertThat(calls).hasSize(2);
		List<SpanData> dialed = poolChildren(trace, calls.get(0));
		assertThat(dialed).extracting(SpanData::getName)
			.containsExactly("eofpool.acquire", "eofpool.connect", "eofpool.tls.handshake");
		assertThat(dialed).allSatisfy(
				(span) -> assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("localhost"));
		// the handshake follows the connect, inside the call
		assertThat(dialed.get(2).getStartEpochNanos()).isGreaterThanOrEqualTo(dialed.get(1).getEndEpochNanos());
		assertThat(dialed.get(2).getEndEpochNanos()).isLessThanOrEqualTo(calls.get(0).getEndEpochNanos());
		assertThat(poolChildren(trace, calls.get(1))).extracting(SpanData::getName).containsExactly("eofpool.acquire");
	}

	@Test
	void theLatestTraceIsTheOneWithTheLastPoolSpan() throws Exception {
		String traceId = this.app.json("/demo/trace").path("trace").path("traceId").asString();

		JsonNode latest = this.app.json("/demo/trace/latest");

		assertThat(latest.path("traceId").asString()).isEqualTo(traceId);
		assertThat(latest.path("spans").valueStream().map((span) -> span.path("observation").asString()))
			.contains("http.client.requests", "eofpool.acquire", "eofpool.connect");
	}

	/** The http.client.requests spans of a trace, by start time. */
	private static List<SpanData> calls(List<SpanData> trace) {
		return trace.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT && span.getName().equals("http get"))
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

	/** The eofpool.* children of {@code call}, by start time. */
	private static List<SpanData> poolChildren(List<SpanData> trace, SpanData call) {
		return trace.stream()
			.filter((span) -> span.getName().startsWith("eofpool.") && span.getParentSpanId().equals(call.getSpanId()))
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.toList();
	}

}
