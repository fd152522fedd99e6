package dev.eofpool.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redirects through the Spring factory resolve {@code Location} by RFC 3986 (RFC 9110 10.2.2), proven by the request
 * targets a scripted server received: it answers each scripted path with a 302 carrying the exact {@code Location}
 * bytes given, and any other target with {@code 200 target=<request target>}.
 */
@Timeout(20)
class RedirectResolutionTests {

	private ScriptedServer server;

	private HttpTransport transport;

	private ClientHttpRequestFactory factory;

	@BeforeEach
	void setUp() throws IOException {
		this.server = new ScriptedServer();
		this.transport = HttpTransport.create();
		this.factory = new EofPoolClientHttpRequestFactoryBuilder(this.transport).build();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.transport.close();
		this.server.close();
	}

	@Test
	void queryOnlyLocationKeepsTheLastPathSegment() throws Exception {
		this.server.redirect("/a/b/query", "?f=query");
		assertThat(get("/a/b/query")).isEqualTo("target=/a/b/query?f=query");
		assertThat(this.server.takeTarget()).isEqualTo("/a/b/query");
		assertThat(this.server.takeTarget()).isEqualTo("/a/b/query?f=query");
		// both hops on one connection: the redirect's body was drained and its connection reused
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/a/b/c    | ../d?x=1#frag    | /a/d?x=1
			/a/b/c    | ./              | /a/b/
			/a/b/c    | g;x=1/../y      | /a/b/y
			/a/b/c    | /x y?q=a b      | /x%20y?q=a%20b
			/a/b/c    | /keep%2Fthis?v=%26 | /keep%2Fthis?v=%26
			/a/b/c    | ../../../../g   | /g
			""")
	void relativeLocationsAreResolvedByRfc3986(String from, String location, String expected) throws Exception {
		this.server.redirect(from, location);
		assertThat(get(from)).isEqualTo("target=" + expected);
		assertThat(this.server.takeTarget()).isEqualTo(from);
		assertThat(this.server.takeTarget()).isEqualTo(expected);
	}

	@Test
	void schemeRelativeLocationGoesToThatHost() throws Exception {
		try (ScriptedServer other = new ScriptedServer()) {
			this.server.redirect("/start", "//localhost:" + other.port() + "/elsewhere?z");
			assertThat(get("/start")).isEqualTo("target=/elsewhere?z");
			assertThat(other.takeTarget()).isEqualTo("/elsewhere?z");
		}
	}

	@Test
	void garbageLocationReturnsTheRedirectItself() throws Exception {
		this.server.redirect("/start", "/bad%zz");
		try (ClientHttpResponse response = this.factory.createRequest(this.server.uri("/start"), HttpMethod.GET)
			.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FOUND);
			assertThat(response.getHeaders().getFirst("Location")).isEqualTo("/bad%zz");
		}
		assertThat(this.server.takeTarget()).isEqualTo("/start");
		assertThat(this.server.pendingTargets()).isZero();
	}

	private String get(String path) throws IOException {
		try (ClientHttpResponse response = this.factory.createRequest(this.server.uri(path), HttpMethod.GET)
			.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			return StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * A keep-alive HTTP/1.1 server over raw sockets: for each request head (bodies are not expected) it records the
	 * request target and writes the scripted answer byte for byte.
	 */
	static final class ScriptedServer implements AutoCloseable {

		private final ServerSocket socket;

		private final ExecutorService executor = Executors.newCachedThreadPool();

		private final Map<String, String> redirects = new ConcurrentHashMap<>();

		private final BlockingQueue<String> targets = new LinkedBlockingQueue<>();

		private final Map<Integer, Boolean> clientPorts = new ConcurrentHashMap<>();

		ScriptedServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.executor.execute(this::acceptLoop);
		}

		void redirect(String target, String location) {
			this.redirects.put(target, location);
		}

		int port() {
			return this.socket.getLocalPort();
		}

		URI uri(String pathAndQuery) {
			return URI.create("http://localhost:" + port() + pathAndQuery);
		}

		int connections() {
			return this.clientPorts.size();
		}

		String takeTarget() throws InterruptedException {
			String target = this.targets.poll(10, TimeUnit.SECONDS);
			if (target == null) {
				throw new IllegalStateException("No request arrived");
			}
			return target;
		}

		int pendingTargets() {
			return this.targets.size();
		}

		private void acceptLoop() {
			while (!this.socket.isClosed()) {
				try {
					Socket client = this.socket.accept();
					this.clientPorts.put(client.getPort(), Boolean.TRUE);
					this.executor.execute(() -> serve(client));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket client) {
			try (client) {
				InputStream in = client.getInputStream();
				OutputStream out = client.getOutputStream();
				String requestLine;
				while ((requestLine = readHead(in)) != null) {
					String target = requestLine.split(" ")[1];
					this.targets.add(target);
					String location = this.redirects.get(target);
					String answer;
					if (location != null) {
						answer = "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 5\r\n\r\nmoved";
					}
					else {
						String body = "target=" + target;
						answer = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
					}
					out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
				}
			}
			catch (IOException ex) {
				// the client went away
			}
		}

		/** The request line of the next head, or {@code null} at the end of the connection. */
		private static String readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			int b;
			while (matched < 4 && (b = in.read()) >= 0) {
				head.write(b);
				matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			if (matched < 4) {
				return null;
			}
			String text = head.toString(StandardCharsets.ISO_8859_1);
			return List.of(text.split("\r\n")).get(0);
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			this.executor.shutdownNow();
		}

	}

}
