package dev.eofpool.sample.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An https upstream on its own loopback port (the JDK's {@code HttpsServer}), so the trace demo shows a TLS
 * handshake: {@code GET /hello?run=...} answers {@code hello} on a kept-alive connection and tells the
 * {@link ConnectionLedger} which client port the request arrived on. Its certificate (for {@code localhost} and
 * {@code 127.0.0.1}) comes from the {@code tls-upstream} SSL bundle, whose trust store the calling client uses.
 */
public final class TlsUpstream implements SmartLifecycle {

	/** The SSL bundle ({@code spring.ssl.bundle.jks.tls-upstream}) of its certificate and of the clients' trust. */
	public static final String SSL_BUNDLE = "tls-upstream";

	private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

	private final ConnectionLedger ledger;

	private final SSLContext sslContext;

	private volatile HttpsServer server;

	private volatile ExecutorService executor;

	public TlsUpstream(ConnectionLedger ledger, SSLContext sslContext) {
		this.ledger = ledger;
		this.sslContext = sslContext;
	}

	/** The loopback port it listens on, once started. */
	public int port() {
		HttpsServer s = this.server;
		if (s == null) {
			throw new IllegalStateException("Not started");
		}
		return s.getAddress().getPort();
	}

	@Override
	public void start() {
		HttpsServer s;
		try {
			s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open the https upstream on a loopback port", ex);
		}
		s.setHttpsConfigurator(new HttpsConfigurator(this.sslContext));
		s.createContext("/hello", this::hello);
		ExecutorService threads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "tls-upstream");
			thread.setDaemon(true);
			return thread;
		});
		s.setExecutor(threads);
		s.start();
		this.executor = threads;
		this.server = s;
	}

	@Override
	public void stop() {
		HttpsServer s = this.server;
		if (s != null) {
			s.stop(0);
			this.executor.shutdownNow();
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	private void hello(HttpExchange exchange) throws IOException {
		String run = UriComponentsBuilder.fromUri(exchange.getRequestURI()).build().getQueryParams().getFirst("run");
		this.ledger.enter((run != null) ? run : "none", exchange.getRemoteAddress().getPort());
		try {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, HELLO.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(HELLO);
			}
		}
		finally {
			this.ledger.exit((run != null) ? run : "none");
			exchange.close();
		}
	}

}
