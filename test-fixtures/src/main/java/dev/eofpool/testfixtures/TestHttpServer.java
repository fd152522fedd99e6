package dev.eofpool.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP/1.1 server on a loopback port (the JDK's {@code HttpServer}) for the factory and builder tests. It
 * records every request, and counts connections by the client ports it saw: each client socket has its own port, so
 * the number of distinct ports is the number of connections the client opened.
 * <p>
 * Routes: {@code /echo} (request headers and body back), {@code /status/{ok,notfound}}, {@code /methods/<m>} (200 when
 * the method matches), {@code /params} (checks repeated query parameters), {@code /redirect[/<code>]} (a redirect with
 * a small body to {@code /redirected}), {@code /away?to=<uri>} (a redirect there), {@code /loop} (redirects to
 * itself), {@code /slow} (answers once {@link #releaseSlow()} is called), {@code /bytes/<n>} ({@code n} bytes);
 * anything else answers {@code Received <METHOD> request to <URI>}.
 * <p>
 * {@link #https(SSLContext, String...)} serves the same routes over TLS (with the JDK's {@code HttpsServer}),
 * optionally limited to some cipher suites.
 */
public final class TestHttpServer implements AutoCloseable {

	private static final Set<String> NOT_ECHOED = Set.of("Content-length", "Transfer-encoding", "Host",
			"Connection", "Keep-alive", "Date");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

	private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

	private final CountDownLatch slowReleased = new CountDownLatch(1);

	private final CountDownLatch slowEntered = new CountDownLatch(1);

	private final String scheme;

	/** A plain HTTP server. */
	public TestHttpServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.scheme = "http";
		start();
	}

	private TestHttpServer(SSLContext context, String[] cipherSuites) throws IOException {
		HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		https.setHttpsConfigurator(new HttpsConfigurator(context) {

			@Override
			public void configure(HttpsParameters params) {
				SSLParameters parameters = context.getDefaultSSLParameters();
				if (cipherSuites != null) {
					parameters.setCipherSuites(cipherSuites);
				}
				params.setSSLParameters(parameters);
			}

		});
		this.server = https;
		this.scheme = "https";
		start();
	}

	/**
	 * An HTTPS server presenting the context's certificate, allowing only the given cipher suites (none given: the
	 * JDK's defaults).
	 */
	public static TestHttpServer https(SSLContext context, String... cipherSuites) throws IOException {
		return new TestHttpServer(context, (cipherSuites.length > 0) ? cipherSuites : null);
	}

	private void start() {
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** The URI of a path on this server, such as {@code /echo}. */
	public URI uri(String pathAndQuery) {
		return URI.create(this.scheme + "://localhost:" + this.server.getAddress().getPort() + pathAndQuery);
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** Number of connections clients opened so far (distinct client ports). */
	public int connections() {
		return this.clientPorts.size();
	}

	/** The oldest request not yet taken. */
	public Recorded takeRequest() throws InterruptedException {
		Recorded recorded = this.requests.poll(10, TimeUnit.SECONDS);
		if (recorded == null) {
			throw new IllegalStateException("No request arrived");
		}
		return recorded;
	}

	/** Lets {@code /slow} requests answer. */
	public void releaseSlow() {
		this.slowReleased.countDown();
	}

	/** Waits until a {@code /slow} request is being handled. */
	public boolean awaitSlowEntered() throws InterruptedException {
		return this.slowEntered.await(10, TimeUnit.SECONDS);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String method = exchange.getRequestMethod();
			URI uri = exchange.getRequestURI();
			Headers requestHeaders = exchange.getRequestHeaders();
			this.clientPorts.add(exchange.getRemoteAddress().getPort());
			this.requests.add(new Recorded(method, uri, Map.copyOf(requestHeaders), body,
					exchange.getRemoteAddress().getPort()));
			String path = uri.getPath();
			if (path.equals("/echo")) {
				requestHeaders.forEach((name, values) -> {
					if (!NOT_ECHOED.contains(name)) {
						exchange.getResponseHeaders().put(name, values);
					}
				});
				send(exchange, 200, body);
			}
			else if (path.equals("/status/ok")) {
				send(exchange, 200, new byte[0]);
			}
			else if (path.equals("/status/notfound")) {
				send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
			}
			else if (path.startsWith("/methods/")) {
				boolean matches = path.substring("/methods/".length()).equalsIgnoreCase(method);
				send(exchange, matches ? 200 : 500, new byte[0]);
			}
			else if (path.equals("/params")) {
				boolean matches = "param1=value&param2=value1&param2=value2".equals(uri.getRawQuery());
				send(exchange, matches ? 200 : 500, new byte[0]);
			}
			else if (path.equals("/redirect") || path.startsWith("/redirect/")) {
				int status = path.equals("/redirect") ? 302 : Integer.parseInt(path.substring("/redirect/".length()));
				exchange.getResponseHeaders().add("Location", "/redirected");
				byte[] moved = "Moved: follow the Location header to get there".getBytes(StandardCharsets.UTF_8);
				send(exchange, status, moved);
			}
			else if (path.equals("/away")) {
				exchange.getResponseHeaders().add("Location", uri.getRawQuery().substring("to=".length()));
				send(exchange, 302, new byte[0]);
			}
			else if (path.equals("/loop")) {
				exchange.getResponseHeaders().add("Location", "/loop");
				send(exchange, 302, new byte[0]);
			}
			else if (path.equals("/slow")) {
				this.slowEntered.countDown();
				boolean released = this.slowReleased.await(20, TimeUnit.SECONDS);
				send(exchange, released ? 200 : 503, "slow".getBytes(StandardCharsets.UTF_8));
			}
			else if (path.startsWith("/bytes/")) {
				send(exchange, 200, new byte[Integer.parseInt(path.substring("/bytes/".length()))]);
			}
			else {
				send(exchange, 200, ("Received " + method + " request to " + uri).getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		boolean noBody = exchange.getRequestMethod().equals("HEAD") || body.length == 0;
		exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
		if (!noBody) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		this.slowReleased.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * One request as the server received it.
	 *
	 * @param method the method
	 * @param uri the request target
	 * @param headers the headers (names as the JDK server normalizes them: first letter upper case, rest lower case)
	 * @param body the body
	 * @param clientPort the client's port, one per connection
	 */
	public record Recorded(String method, URI uri, Map<String, List<String>> headers, byte[] body, int clientPort) {

		/** The header's values joined by commas, {@code null} when absent. */
		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? String.join(",", values) : null;
		}

		/** The body as UTF-8 text. */
		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
