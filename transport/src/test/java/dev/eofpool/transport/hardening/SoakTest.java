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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.Waits;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;

/**
 * Concurrent GET, POST and HEAD over several hosts while the servers close, reset and stall connections at random.
 * Every request must return exactly the bytes its server sent for it (its id echoed, its body derived from the id) or
 * fail with an {@link IOException} in bounded time; no request reaches a server twice unless the retry rule allows
 * it; at the end the pool balances with nothing leased and nothing leaked, and no thread or descriptor remains.
 * Runs {@code -Deofpool.soak.seconds} (default 30) with {@code -Deofpool.soak.threads} callers (default 6).
 */
class SoakTest {

	private static final int SECONDS = Integer.getInteger("eofpool.soak.seconds", 30);

	private static final int THREADS = Integer.getInteger("eofpool.soak.threads", 6);

	private static final int HOSTS = 4;

	private static final int FAULT_PERCENT = 6;

	private static final Duration READ_TIMEOUT = Duration.ofMillis(250);

	/**
	 * The most a request may take: connect, a retry, and each read within the read timeout take under a second; the
	 * rest is room for a loaded build machine. A hang is what this catches.
	 */
	private static final long BOUND_MILLIS = 10_000;

	private final AtomicLong ids = new AtomicLong();

	private final AtomicLong ok = new AtomicLong();

	private final AtomicLong bytesVerified = new AtomicLong();

	private final Map<String, AtomicLong> clearErrors = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();

	private final Map<Long, String> methods = new ConcurrentHashMap<>();

	private final AtomicLong slowest = new AtomicLong();

	@Test
	@Timeout(value = 600, unit = TimeUnit.SECONDS)
	void requestsUnderRandomFaultsReturnExactBytesOrAClearErrorAndNothingIsLost() throws Exception {
		ResourceCounts.warmUp();
		ResourceCounts before = ResourceCounts.now();
		List<FaultServer> servers = new ArrayList<>();
		for (int i = 0; i < HOSTS; i++) {
			servers.add(new FaultServer("127.0.0." + (i + 1), FAULT_PERCENT, READ_TIMEOUT.toMillis() + 150));
		}
		HttpTransport transport = new HttpTransport(TransportConfig.builder()
			.readTimeout(READ_TIMEOUT)
			.connectTimeout(Duration.ofSeconds(2))
			.maxConnectionsPerHost(8)
			.maxIdlePerHost(4)
			.drainTimeout(Duration.ofMillis(50))
			.build());
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
		CountDownLatch done = new CountDownLatch(THREADS);
		AtomicInteger crashed = new AtomicInteger();
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			long seed = 1000 + t;
			Thread caller = new Thread(() -> {
				try {
					Random random = new Random(seed);
					while (System.nanoTime() - deadline < 0) {
						oneRequest(transport, servers.get(random.nextInt(HOSTS)), random);
					}
				}
				catch (Throwable ex) {
					crashed.incrementAndGet();
					this.lost.add("caller crashed: " + ex);
				}
				finally {
					done.countDown();
				}
			}, "soak-caller-" + t);
			callers.add(caller);
			caller.start();
		}
		assertThat(done.await(SECONDS + 60, TimeUnit.SECONDS)).as("callers finished").isTrue();
		for (Thread caller : callers) {
			Waits.join(caller);
		}
		PoolStats stats = transport.stats();
		RouteStats total = stats.total();
		long issued = this.ids.get();
		long failed = this.clearErrors.values().stream().mapToLong(AtomicLong::get).sum();
		long faults = 0;
		Map<String, Long> faultsByKind = new TreeMap<>();
		long duplicates = 0;
		List<String> badDuplicates = new ArrayList<>();
		long corrupt = 0;
		for (FaultServer server : servers) {
			for (var e : server.faults.entrySet()) {
				faults += e.getValue().get();
				faultsByKind.merge(e.getKey().name(), e.getValue().get(), Long::sum);
			}
			corrupt += server.corruptRequests.get();
			for (var e : server.deliveries.entrySet()) {
				int n = e.getValue().get();
				if (n > 1) {
					duplicates += n - 1;
					String method = this.methods.get(e.getKey());
					if (n > 2 || "POST".equals(method)) {
						badDuplicates.add(method + " id " + e.getKey() + " delivered " + n + " times");
					}
				}
			}
		}
		Map<String, Long> errors = new TreeMap<>();
		this.clearErrors.forEach((k, v) -> errors.put(k, v.get()));
		System.out.printf("[hardening] soak: %d s, %d callers, %d hosts: %d requests, %d ok (%d body bytes verified), "
				+ "%d failed with a clear error %s, lost %d; faults injected %d %s; retries %d, server-side duplicates "
				+ "%d (disallowed %d), corrupt request bodies %d; connections opened %d, reused requests %d; leaks %d, "
				+ "leased at end %d; slowest request %d ms%n", SECONDS, THREADS, HOSTS, issued, this.ok.get(),
				this.bytesVerified.get(), failed, errors, this.lost.size(), faults, faultsByKind, total.retries(),
				duplicates, badDuplicates.size(), corrupt, total.opened(), total.reusedRequests(), total.leaks(),
				total.leased(), this.slowest.get());
		Map<String, Long> reasons = new TreeMap<>();
		total.closedByReason().forEach((r, n) -> {
			if (n > 0) {
				reasons.put(r.name(), n);
			}
		});
		System.out.printf("[hardening] soak: connections closed by reason %s%n", reasons);
		assertThat(this.lost).as("requests lost (wrong bytes, no clear error, or too slow)").isEmpty();
		assertThat(crashed.get()).isZero();
		assertThat(this.ok.get() + failed).isEqualTo(issued);
		assertThat(faults).as("faults injected").isPositive();
		assertThat(badDuplicates).as("requests sent twice against the retry rule").isEmpty();
		assertThat(duplicates).as("server-side duplicates vs. client retries").isLessThanOrEqualTo(total.retries());
		assertThat(corrupt).as("request bodies the server got wrong").isZero();
		assertThat(total.leased()).isZero();
		assertThat(total.waiting()).isZero();
		assertThat(total.leaks()).isZero();
		PoolAssertions.assertBalanced(stats);
		transport.close();
		for (FaultServer server : servers) {
			server.close();
		}
		ResourceCounts.assertNothingLeakedSince(before);
	}

	private void oneRequest(HttpTransport transport, FaultServer server, Random random) {
		long id = this.ids.incrementAndGet();
		int p = random.nextInt(100);
		String method = (p < 60) ? "GET" : (p < 85) ? "POST" : "HEAD";
		this.methods.put(id, method);
		HttpRequest.Builder request = HttpRequest.builder(method, server.uri()).header("X-Id", Long.toString(id));
		if (method.equals("POST")) {
			byte[] body = SoakPayloads.requestBody(id);
			request.body(random.nextBoolean() ? RequestBody.of(body) : streaming(body));
		}
		boolean closeEarly = random.nextInt(10) == 0;
		long start = System.nanoTime();
		try (HttpResponse response = transport.send(request.build())) {
			byte[] expected = method.equals("HEAD") ? new byte[0] : SoakPayloads.responseBody(id);
			String echoed = response.headers().first("X-Id");
			if (response.status() != 200 || !Long.toString(id).equals(echoed)) {
				this.lost.add(method + " id " + id + ": got status " + response.status() + " for id " + echoed);
				return;
			}
			byte[] got = closeEarly ? readSome(response.body(), random) : readAll(response.body(), random);
			boolean exact = closeEarly
					? got.length <= expected.length && Arrays.equals(expected, 0, got.length, got, 0, got.length)
					: Arrays.equals(expected, got);
			if (!exact) {
				this.lost.add(method + " id " + id + ": body differs (" + got.length + " of " + expected.length + ")");
				return;
			}
			this.bytesVerified.addAndGet(got.length);
			this.ok.incrementAndGet();
		}
		catch (IOException ex) {
			if (ex.getMessage() == null || ex.getMessage().isBlank()) {
				this.lost.add(method + " id " + id + ": error without a message " + ex.getClass().getName());
			}
			this.clearErrors.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicLong()).incrementAndGet();
		}
		catch (RuntimeException ex) {
			this.lost.add(method + " id " + id + ": " + ex);
			ex.printStackTrace();
		}
		finally {
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			this.slowest.accumulateAndGet(took, Math::max);
			if (took > BOUND_MILLIS) {
				this.lost.add(method + " id " + id + ": took " + took + " ms");
			}
		}
	}

	/** A POST body of unknown length, written once (never replayable). */
	private static RequestBody streaming(byte[] body) {
		return new RequestBody() {
			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write(body);
			}
		};
	}

	private static byte[] readAll(InputStream in, Random random) throws IOException {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		byte[] buffer = new byte[(random.nextBoolean()) ? 1024 : 32 * 1024];
		for (int n; (n = in.read(buffer)) != -1;) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static byte[] readSome(InputStream in, Random random) throws IOException {
		return in.readNBytes(random.nextInt(512));
	}
}
