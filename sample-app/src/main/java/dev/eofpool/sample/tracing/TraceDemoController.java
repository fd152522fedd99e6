package dev.eofpool.sample.tracing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.restclient.autoconfigure.RestClientSsl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

import dev.eofpool.sample.upstream.ConnectionLedger;
import dev.eofpool.sample.upstream.ConnectionLedger.RunView;
import dev.eofpool.sample.upstream.TlsUpstream;
import dev.eofpool.transport.DrainResult;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Route;

/**
 * The trace demos, read from the spans {@link RecentSpans} kept.
 * <ul>
 * <li>{@code /demo/trace}: drains this app's {@code 127.0.0.1} route (its idle connections close, reason
 * {@code drained}), then makes two calls through the pool: the first dials a new connection, the second reuses it.
 * Answers with the trace of this request: each {@code http.client.requests} span with its children
 * {@code eofpool.acquire} (both calls) and {@code eofpool.connect} (the first only), and the upstream's
 * {@code http.server.requests} span the call's trace context reached.</li>
 * <li>{@code /demo/trace?scheme=https}: the same against the https upstream ({@link TlsUpstream}, on
 * {@code localhost}), through a {@code RestClient} with the {@code tls-upstream} SSL bundle: the first call also has
 * an {@code eofpool.tls.handshake} child.</li>
 * <li>{@code /demo/trace/latest}: the latest kept trace with an {@code eofpool.*} span, whichever demo made it.</li>
 * </ul>
 */
@RestController
@RequestMapping(path = "/demo", produces = MediaType.APPLICATION_JSON_VALUE)
public class TraceDemoController {

	/** Most spans a trace view lists (a 200-call demo makes 600): the first ones in tree order. */
	static final int MAX_SPANS = 60;

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

	private final RestClient restClient;

	private final RestClient httpsClient;

	private final TlsUpstream tlsUpstream;

	private final HttpTransport transport;

	private final ConnectionLedger ledger;

	private final RecentSpans spans;

	private final SdkTracerProvider tracerProvider;

	private final Tracer tracer;

	public TraceDemoController(RestClient.Builder restClientBuilder, RestClientSsl ssl, TlsUpstream tlsUpstream,
			HttpTransport transport, ConnectionLedger ledger, RecentSpans spans, SdkTracerProvider tracerProvider,
			Tracer tracer) {
		this.restClient = restClientBuilder.clone().build();
		this.httpsClient = restClientBuilder.clone().apply(ssl.fromBundle(TlsUpstream.SSL_BUNDLE)).build();
		this.tlsUpstream = tlsUpstream;
		this.transport = transport;
		this.ledger = ledger;
		this.spans = spans;
		this.tracerProvider = tracerProvider;
		this.tracer = tracer;
	}

	/**
	 * What {@code /demo/trace} did and the trace it made.
	 *
	 * @param demo {@code trace}
	 * @param route the route called
	 * @param drained idle connections of the route closed before the first call
	 * @param connections per call, as the pool's span told it: {@code new} or {@code reused}
	 * @param server what the upstream saw: the connections (distinct client ports) the two calls arrived on
	 * @param trace the spans of this request's trace ended so far (this request's own server span is still open)
	 */
	public record TraceDemoReport(String demo, String route, int drained, List<String> connections, RunView server,
			TraceView trace) {
	}

	@GetMapping("/trace")
	public TraceDemoReport trace(@RequestParam(defaultValue = "http") String scheme, HttpServletRequest request) {
		Span current = this.tracer.currentSpan();
		if (current == null) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"No current span: tracing is off, or this request was not sampled "
							+ "(management.tracing.sampling.probability)");
		}
		boolean https = switch (scheme) {
			case "http" -> false;
			case "https" -> true;
			default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "scheme must be http or https");
		};
		String base = https ? "https://localhost:" + this.tlsUpstream.port()
				: "http://127.0.0.1:" + request.getLocalPort();
		String path = https ? "/hello?run={run}" : "/upstream/hello?run={run}";
		RestClient client = https ? this.httpsClient : this.restClient;
		Route route = Route.of(URI.create(base));
		DrainResult drained = this.transport.drain(route.host() + ":" + route.port(), Duration.ZERO);
		String run = UUID.randomUUID().toString();
		for (int i = 0; i < 2; i++) {
			client.get().uri(base + path, run).retrieve().body(String.class);
		}
		String traceId = current.context().traceId();
		TraceView trace = TraceView.of(traceId, flushedTrace(traceId), MAX_SPANS);
		List<String> connections = trace.spans()
			.stream()
			.filter((span) -> span.observation().equals("eofpool.acquire"))
			.map((span) -> span.tags().getOrDefault("eofpool.connection", "?"))
			.toList();
		return new TraceDemoReport("trace", route.toString(), drained.idleClosed(), connections, this.ledger.view(run),
				trace);
	}

	@GetMapping("/trace/latest")
	public TraceView latest() {
		flush();
		return this.spans.latestTrace((span) -> span.getName().startsWith("eofpool."))
			.map((traceId) -> TraceView.of(traceId, this.spans.trace(traceId), MAX_SPANS))
			.orElseGet(() -> new TraceView(null, List.of(), 0));
	}

	private List<SpanData> flushedTrace(String traceId) {
		flush();
		return this.spans.trace(traceId);
	}

	/** Exports the spans ended so far, which the batch processor would otherwise hand over on its next tick. */
	private void flush() {
		this.tracerProvider.forceFlush().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

}
