package dev.eofpool.sample.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.DefaultUriBuilderFactory;

import dev.eofpool.sample.upstream.ConnectionLedger;
import dev.eofpool.sample.upstream.IdleClosingUpstream;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Route;

/**
 * The demos. Each runs a burst of calls through one of Boot's clients, all on the shared eofpool transport, against
 * the upstream endpoints this app hosts, and reports what the upstream saw next to what the pool counted.
 * <ul>
 * <li>{@code /demo/sequential}: {@code calls} calls one after the other: one connection serves them all.</li>
 * <li>{@code /demo/concurrent}: {@code calls} calls at once to {@code 127.0.0.1}, whose per-host override caps it at a
 * few connections: the rest wait for a connection instead of dialing more.</li>
 * <li>{@code /demo/idle-closing}: calls to an upstream that quietly closes connections idle for 500 ms (above the
 * 100 ms from which the pool probes idle connections and learns a server's idle timeout): the first stale connection
 * is found before reuse (or retried once), after which the pool closes its connections before the server does. No
 * call fails.</li>
 * <li>{@code /demo/early-close}: a large body of which the caller reads a little and closes: drained and reused when
 * the rest is small, closed (never pooled) when it is not.</li>
 * </ul>
 */
@RestController
@RequestMapping(path = "/demo", produces = MediaType.APPLICATION_JSON_VALUE)
public class DemoController {

	private static final Duration IDLE_CLOSE_WAIT = Duration.ofSeconds(5);

	private static final int MAX_ERRORS = 5;

	private final RestClient restClient;

	private final RestTemplate restTemplate;

	private final UpstreamClient upstreamClient;

	private final HttpTransport transport;

	private final ConnectionLedger ledger;

	private final IdleClosingUpstream idleClosingUpstream;

	public DemoController(RestClient.Builder restClientBuilder, RestTemplateBuilder restTemplateBuilder,
			UpstreamClient upstreamClient, HttpTransport transport, ConnectionLedger ledger,
			IdleClosingUpstream idleClosingUpstream) {
		this.restClient = restClientBuilder.build();
		this.restTemplate = restTemplateBuilder.build();
		this.upstreamClient = upstreamClient;
		this.transport = transport;
		this.ledger = ledger;
		this.idleClosingUpstream = idleClosingUpstream;
	}

	@GetMapping("/sequential")
	public DemoReport sequential(@RequestParam(defaultValue = "200") int calls,
			@RequestParam(defaultValue = "rest-client") String client, HttpServletRequest request) {
		check("calls", calls, 1, 10_000);
		String base = "http://localhost:" + request.getLocalPort();
		String run = newRun();
		IntConsumer call = switch (client) {
			case "rest-client" -> (i) -> this.restClient.get()
				.uri(base + "/upstream/hello?run={run}", run)
				.retrieve()
				.body(String.class);
			case "rest-template" -> (i) -> this.restTemplate.getForObject(base + "/upstream/hello?run={run}",
					String.class, run);
			case "http-service" -> (i) -> this.upstreamClient.hello(new DefaultUriBuilderFactory(base), run);
			default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"client must be rest-client, rest-template or http-service");
		};
		return runSequentially("sequential", client, base, run, calls, call, Map.of());
	}

	@GetMapping("/concurrent")
	public DemoReport concurrent(@RequestParam(defaultValue = "32") int calls, HttpServletRequest request)
			throws InterruptedException {
		check("calls", calls, 1, 256);
		String base = "http://127.0.0.1:" + request.getLocalPort();
		Route route = Route.of(URI.create(base));
		int limit = this.transport.config().settingsFor(route.host(), route.port()).maxConnections();
		int hold = Math.min(limit, calls);
		String run = newRun();
		RouteCounts before = RouteCounts.of(this.transport, route);
		List<String> errors = new ArrayList<>();
		int succeeded = 0;
		ExecutorService callers = Executors.newFixedThreadPool(calls);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				results.add(callers
					.submit(() -> this.upstreamClient.slow(new DefaultUriBuilderFactory(base), run, hold)));
			}
			for (Future<String> result : results) {
				try {
					result.get();
					succeeded++;
				}
				catch (ExecutionException ex) {
					addError(errors, ex.getCause());
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("maxConnectionsPerHost", limit);
		return new DemoReport("concurrent", "http-service", route.toString(), calls, succeeded, errors,
				this.ledger.view(run), RouteCounts.of(this.transport, route).since(before), details);
	}

	@GetMapping("/idle-closing")
	public DemoReport idleClosing(@RequestParam(defaultValue = "5") int calls) {
		check("calls", calls, 1, 100);
		// "localhost", not 127.0.0.1: the per-host override for 127.0.0.1 in application.yml is the concurrent demo's
		String base = "http://localhost:" + this.idleClosingUpstream.port();
		String run = newRun();
		IntConsumer call = (i) -> {
			if (i > 0) {
				awaitConnectionEnded(run, i);
			}
			this.restTemplate.getForObject(base + "/hello?run={run}", String.class, run);
		};
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("upstreamIdleTimeout", this.idleClosingUpstream.idleTimeout().toString());
		return runSequentially("idle-closing", "rest-template", base, run, calls, call, details);
	}

	@GetMapping("/early-close")
	public DemoReport earlyClose(@RequestParam(defaultValue = "16777216") long bytes,
			@RequestParam(defaultValue = "1024") int read, HttpServletRequest request) {
		check("bytes", bytes, 1, 1L << 30);
		check("read", read, 0, (int) Math.min(bytes, 1 << 20));
		String base = "http://localhost:" + request.getLocalPort();
		String run = newRun();
		IntConsumer call = (i) -> {
			if (i == 0) {
				// read a little of the body, then leave: RestClient's exchange closes the response
				this.restClient.get()
					.uri(base + "/upstream/large?run={run}&bytes={bytes}", run, bytes)
					.exchange((req, res) -> readSome(res.getBody(), read));
			}
			else {
				// the next call shows whether that connection went back to the pool
				this.restClient.get().uri(base + "/upstream/hello?run={run}", run).retrieve().body(String.class);
			}
		};
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("bodyBytes", bytes);
		details.put("bytesRead", read);
		DemoReport report = runSequentially("early-close", "rest-client", base, run, 2, call, details);
		report.details().put("connectionAfterClose", (report.server().connections() == 1) ? "reused" : "closed");
		return report;
	}

	private DemoReport runSequentially(String demo, String client, String base, String run, int calls,
			IntConsumer call, Map<String, Object> details) {
		Route route = Route.of(URI.create(base));
		RouteCounts before = RouteCounts.of(this.transport, route);
		List<String> errors = new ArrayList<>();
		int succeeded = 0;
		for (int i = 0; i < calls; i++) {
			try {
				call.accept(i);
				succeeded++;
			}
			catch (RuntimeException ex) {
				addError(errors, ex);
			}
		}
		return new DemoReport(demo, client, route.toString(), calls, succeeded, errors, this.ledger.view(run),
				RouteCounts.of(this.transport, route).since(before), new LinkedHashMap<>(details));
	}

	/** Waits until the previous call's connection has been closed, by the upstream's idle timeout or the pool. */
	private void awaitConnectionEnded(String run, int ended) {
		try {
			if (!this.ledger.awaitConnectionsEnded(run, ended, IDLE_CLOSE_WAIT)) {
				throw new IllegalStateException("The idle connection was not closed within " + IDLE_CLOSE_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static int readSome(InputStream body, int bytes) throws IOException {
		return body.readNBytes(new byte[bytes], 0, bytes);
	}

	private static void addError(List<String> errors, Throwable ex) {
		if (errors.size() < MAX_ERRORS) {
			errors.add(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private static void check(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be between " + min + " and " + max + " but was " + value);
		}
	}

	private static String newRun() {
		return UUID.randomUUID().toString();
	}

}
