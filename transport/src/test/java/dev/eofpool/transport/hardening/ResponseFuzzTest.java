package dev.eofpool.transport.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TransportInternals;
import dev.eofpool.transport.hardening.ResponseGenerator.Sample;
import dev.eofpool.transport.hardening.ResponseOracle.Verdict;

/**
 * Seeded fuzzing of the response parser and body framings through the real transport: a server sends generated,
 * mutated or truncated bytes and closes; the client must read exactly the body the {@link ResponseOracle} derives, or
 * fail with an {@link IOException}, within a bound (inputs take milliseconds; 5 s leaves room for a loaded machine);
 * and its connection is pooled exactly when the framing was valid to the last byte with keep-alive allowed.
 * Reproduce a run with {@code -Deofpool.fuzz.seed=N}; scale it with {@code -Deofpool.fuzz.inputs=N} (generated plus
 * mutated inputs; truncations come on top, of {@code -Deofpool.fuzz.truncated-bases=N} responses).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResponseFuzzTest {

	private static final long SEED = Long.getLong("eofpool.fuzz.seed", 0x5EED_2026L);

	private static final int INPUTS = Integer.getInteger("eofpool.fuzz.inputs", 3000);

	/** The most one input may take: the server always closes after its bytes, so nothing should ever wait. */
	private static final long BOUND_MILLIS = 5000;

	private static final int TRUNCATED_BASES = Integer.getInteger("eofpool.fuzz.truncated-bases", 25);

	private static ResourceCounts before;

	private static TestServer server;

	private static HttpTransport transport;

	/** What the server sends next, and whether it dribbles it in small writes. */
	private static final AtomicReference<Sample> current = new AtomicReference<>();

	private static volatile boolean split;

	private static volatile long splitSeed;

	private final Map<String, Integer> outcomes = new TreeMap<>();

	private final List<String> violations = new ArrayList<>();

	private long slowest;

	@BeforeAll
	static void start() throws IOException {
		ResourceCounts.warmUp();
		before = ResourceCounts.now();
		server = TestServer.start((c) -> {
			if (c.readRequest() == null) {
				return;
			}
			byte[] bytes = current.get().bytes();
			if (!split) {
				c.write(bytes);
				return;
			}
			c.socket().setTcpNoDelay(true);
			Random pieces = new Random(splitSeed);
			OutputStream out = c.socket().getOutputStream();
			for (int at = 0; at < bytes.length;) {
				int n = Math.min(bytes.length - at, 1 + pieces.nextInt(40));
				out.write(bytes, at, n);
				out.flush();
				at += n;
			}
		});
		transport = new HttpTransport(TransportConfig.builder().readTimeout(Duration.ofSeconds(2)).build());
	}

	@AfterAll
	static void stop() throws IOException {
		transport.close();
		server.close();
		ResourceCounts.assertNothingLeakedSince(before);
	}

	@Test
	void generatedAndMutatedResponsesEndInTheRightBodyOrAClearErrorAndPoolOnlyWhenValid() {
		ResponseGenerator generator = new ResponseGenerator(SEED);
		Random client = new Random(SEED + 1);
		int generated = 0;
		int mutated = 0;
		int splitInputs = 0;
		for (int i = 0; i < INPUTS; i++) {
			Sample sample = (i % 2 == 0) ? generator.valid() : generator.mutated();
			boolean dribble = client.nextInt(5) == 0;
			splitInputs += dribble ? 1 : 0;
			check(sample, dribble, client, "input " + i);
			generated += (i % 2 == 0) ? 1 : 0;
			mutated += (i % 2 == 0) ? 0 : 1;
		}
		report("generated " + generated + ", mutated " + mutated + " (" + splitInputs + " sent in small writes)");
	}

	@Test
	void responsesTruncatedAtEveryByteOffsetFailOrEndAtTheCloseAndAreNeverPooled() {
		ResponseGenerator generator = new ResponseGenerator(SEED + 2);
		Random client = new Random(SEED + 3);
		int inputs = 0;
		for (int b = 0; b < TRUNCATED_BASES; b++) {
			Sample base = generator.valid();
			while (base.bytes().length > 600) {
				base = generator.valid(); // keeps the offsets per base (and the run) short
			}
			for (int length = 0; length < base.bytes().length; length++) {
				Sample prefix = new Sample(base.method(), Arrays.copyOf(base.bytes(), length), "truncated");
				check(prefix, false, client, "base " + b + " cut at " + length);
				inputs++;
			}
		}
		report("truncations " + inputs + " (every offset of " + TRUNCATED_BASES + " responses)");
	}

	private void check(Sample sample, boolean dribble, Random client, String which) {
		Verdict expected = ResponseOracle.judge(sample.method(), sample.bytes());
		current.set(sample);
		split = dribble;
		splitSeed = client.nextLong();
		boolean drainEarly = client.nextInt(4) == 0;
		which = which + (drainEarly ? ", closed early" : "") + (dribble ? ", small writes" : "");
		long start = System.nanoTime();
		byte[] body = null;
		int status = 0;
		IOException failure = null;
		try (HttpResponse response = transport
			.send(HttpRequest.builder(sample.method(), server.uri("/fuzz")).build())) {
			status = response.status();
			body = drainEarly ? readSome(response.body(), client) : readAll(response.body(), client);
		}
		catch (IOException ex) {
			failure = ex;
		}
		catch (RuntimeException ex) {
			violation(which, sample, expected, "threw " + ex);
			ex.printStackTrace();
		}
		long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		this.slowest = Math.max(this.slowest, took);
		RouteStats total = transport.stats().total();
		boolean pooled = total.idle() == 1;
		if (took > BOUND_MILLIS) {
			violation(which, sample, expected, "took " + took + " ms");
		}
		if (total.leased() != 0 || total.idle() > 1) {
			violation(which, sample, expected, "leased " + total.leased() + ", idle " + total.idle());
		}
		if (failure == null && body != null) {
			if (!expected.complete() && !drainEarly) { // a body closed early may stop before the problem
				violation(which, sample, expected, "accepted a response the oracle rejects (" + expected.why() + ")");
			}
			else if (expected.complete() && status != expected.status()) {
				violation(which, sample, expected, "status " + status);
			}
			else if (expected.complete()
					&& (drainEarly ? !startsWith(expected.body(), body) : !Arrays.equals(expected.body(), body))) {
				violation(which, sample, expected, "body differs: " + body.length + " bytes");
			}
		}
		else if (failure != null && expected.complete()) {
			violation(which, sample, expected, "refused a response the oracle accepts: " + failure);
		}
		if (failure != null && (failure.getMessage() == null || failure.getMessage().isBlank())) {
			violation(which, sample, expected, "error without a message: " + failure.getClass().getName());
		}
		boolean mayPool = expected.poolable() || (dribble && expected.complete() && expected.reusable());
		if (pooled && !mayPool) {
			violation(which, sample, expected, "pooled a connection whose response was not valid to the last byte");
		}
		if (!pooled && expected.poolable() && !dribble && failure == null) {
			violation(which, sample, expected, "did not pool after a valid, complete response");
		}
		String outcome = (failure != null) ? "error " + failure.getClass().getSimpleName()
				: (pooled ? "ok, pooled" : "ok, closed");
		this.outcomes.merge(outcome, 1, Integer::sum);
		// closes whatever was pooled: the next input starts on a fresh connection
		TransportInternals.pool(transport).evictExpired(System.nanoTime() + TimeUnit.DAYS.toNanos(1));
	}

	private static byte[] readAll(InputStream in, Random client) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[1 + client.nextInt(9000)];
		int n;
		while ((n = in.read(buffer, 0, 1 + client.nextInt(buffer.length))) != -1) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static byte[] readSome(InputStream in, Random client) throws IOException {
		byte[] some = in.readNBytes(client.nextInt(64));
		in.close(); // drains the rest within bounds, or closes the connection
		return some;
	}

	private static boolean startsWith(byte[] whole, byte[] prefix) {
		return whole.length >= prefix.length && Arrays.equals(whole, 0, prefix.length, prefix, 0, prefix.length);
	}

	private void violation(String which, Sample sample, Verdict expected, String what) {
		if (this.violations.size() < 10) {
			this.violations.add(which + " (" + sample.kind() + ", " + sample.method() + ", seed " + SEED + "): " + what
					+ "; oracle: " + (expected.complete() ? "complete, reusable " + expected.reusable() + ", trailing "
							+ expected.trailing() : expected.why())
					+ "\n  bytes: " + escape(sample.bytes()));
		}
	}

	private void report(String inputs) {
		int total = this.outcomes.values().stream().mapToInt(Integer::intValue).sum();
		System.out.printf("[hardening] fuzz: %d inputs tried (%s), seed %d; outcomes %s; slowest %d ms; "
				+ "violations %d%n", total, inputs, SEED, this.outcomes, this.slowest, this.violations.size());
		PoolAssertions.assertBalanced(transport.stats());
		assertThat(transport.stats().total().leaks()).isZero();
		assertThat(transport.stats().total().retries()).isZero();
		assertThat(this.violations).isEmpty();
	}

	private static String escape(byte[] b) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < Math.min(b.length, 400); i++) {
			int c = b[i] & 0xFF;
			if (c == '\r') {
				sb.append("\\r");
			}
			else if (c == '\n') {
				sb.append("\\n");
			}
			else if (c < 0x20 || c >= 0x7F) {
				sb.append(String.format("\\x%02x", c));
			}
			else {
				sb.append((char) c);
			}
		}
		return (b.length > 400) ? sb + "...(" + b.length + " bytes)" : sb.toString();
	}
}
