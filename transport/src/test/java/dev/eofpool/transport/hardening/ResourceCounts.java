package dev.eofpool.transport.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;

/**
 * Threads and file descriptors of this JVM, counted before a test and compared after it: whatever the transport (and
 * the test's own servers) opened must be gone once both are closed.
 *
 * @param fds open file descriptors ({@code /proc/self/fd})
 * @param threads live threads by name
 */
record ResourceCounts(int fds, List<String> threads) {

	static ResourceCounts now() {
		String[] fds = new File("/proc/self/fd").list();
		List<String> threads = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((t) -> !t.getName().startsWith("junit-timeout-thread")) // the test harness's own, one per test
			.map(Thread::getName)
			.sorted()
			.collect(Collectors.toList());
		return new ResourceCounts((fds != null) ? fds.length : -1, threads);
	}

	/**
	 * Starts what the JVM creates once for every transport (the shared leak watch thread, and the I/O watchdog that starts
	 * with the first request), so counts compare alike.
	 */
	static void warmUp() throws IOException {
		try (TestHttpServer server = new TestHttpServer();
				HttpTransport transport = new HttpTransport(TransportConfig.defaults());
				HttpResponse response = transport.send(HttpRequest.get(server.uri("/status/ok")))) {
			response.body().readAllBytes();
		}
	}

	/**
	 * Waits (up to 5 s, for server threads to notice their sockets closed) until no more threads and descriptors are
	 * open than in {@code before}, else fails naming the extra threads.
	 */
	static void assertNothingLeakedSince(ResourceCounts before) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		ResourceCounts after = now();
		while ((after.fds > before.fds || after.threads.size() > before.threads.size())
				&& System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			after = now();
		}
		Set<String> extra = after.threads.stream()
			.filter((t) -> !before.threads.contains(t))
			.collect(Collectors.toSet());
		assertThat(after.threads.size()).as("live threads (new: %s)", extra).isLessThanOrEqualTo(before.threads.size());
		assertThat(after.fds).as("open file descriptors").isLessThanOrEqualTo(before.fds);
	}
}
