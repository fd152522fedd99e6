package dev.eofpool.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.eofpool.testfixtures.Background;
import dev.eofpool.testfixtures.TestServer;

/**
 * Owns a test's scripted servers, transports and helper threads (register with {@code @RegisterExtension}). After
 * each test it waits for the helpers (rethrowing what one threw), checks that every transport's books balance with
 * nothing leased ({@link PoolAssertions#assertQuiescent}), then closes the transports, checks the books again
 * (everything closed is counted closed) and closes the servers; a failed check fails the test, after everything is
 * closed.
 */
public final class TransportExtension implements AfterEachCallback {

	private final List<HttpTransport> transports = new ArrayList<>();

	private final List<AutoCloseable> servers = new ArrayList<>();

	private Background background;

	/** The test's helper threads, awaited at teardown (a helper's failure fails the test) before the books. */
	public Background background() {
		if (this.background == null) {
			this.background = new Background();
		}
		return this.background;
	}

	/** Starts a server running the script on every connection, closed after the test. */
	public TestServer start(TestServer.Script script) throws IOException {
		return server(TestServer.start(script));
	}

	/** Starts a keep-alive server answering every request with the responder, closed after the test. */
	public TestServer responding(TestServer.Responder responder) throws IOException {
		return server(TestServer.responding(responder));
	}

	/** Starts a server wrapping each connection first, then running the script; closed after the test. */
	public TestServer start(TestServer.SocketWrapper wrapper, TestServer.Script script) throws IOException {
		return server(TestServer.start(wrapper, script));
	}

	/** Starts a keep-alive server wrapping each connection first, then answering; closed after the test. */
	public TestServer responding(TestServer.SocketWrapper wrapper, TestServer.Responder responder) throws IOException {
		return server(TestServer.responding(wrapper, responder));
	}

	/** Closes this server (a proxy, another fixture) after the test, after the transports. */
	public <T extends AutoCloseable> T server(T server) {
		this.servers.add(server);
		return server;
	}

	/** A transport on this configuration, checked and closed after the test. */
	public HttpTransport transport(TransportConfig config) {
		HttpTransport transport = new HttpTransport(config);
		this.transports.add(transport);
		return transport;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		List<Throwable> failures = new ArrayList<>();
		if (this.background != null) {
			check(failures, this.background::close);
			this.background = null;
		}
		for (HttpTransport transport : this.transports) {
			check(failures, () -> PoolAssertions.assertQuiescent(transport.stats()));
			check(failures, transport::close);
			check(failures, () -> PoolAssertions.assertBalanced(transport.stats()));
		}
		for (AutoCloseable server : this.servers) {
			check(failures, server::close);
		}
		this.transports.clear();
		this.servers.clear();
		if (!failures.isEmpty()) {
			Throwable first = failures.get(0);
			failures.subList(1, failures.size()).forEach(first::addSuppressed);
			if (first instanceof Exception ex) {
				throw ex;
			}
			throw (Error) first;
		}
	}

	private static void check(List<Throwable> failures, Step step) {
		try {
			step.run();
		}
		catch (Exception | AssertionError ex) {
			failures.add(ex);
		}
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;
	}
}
