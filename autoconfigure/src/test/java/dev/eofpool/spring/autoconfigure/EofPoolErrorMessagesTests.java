package dev.eofpool.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;

import com.sun.net.httpserver.HttpServer;
import dev.eofpool.testfixtures.LogCapture;
import dev.eofpool.testfixtures.Waits;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.SettingNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The runtime errors a user causes by sizing name the {@code eofpool.*} (or Boot's {@code spring.http.clients.*})
 * property to change, with the host's bracketed key: a real server holds the only connection of its route while a
 * second call, from Boot's {@link RestClient.Builder}, times out or is refused.
 */
@Timeout(60)
class EofPoolErrorMessagesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				RestClientAutoConfiguration.class));

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger arrived = new AtomicInteger();

	private final CountDownLatch firstArrived = new CountDownLatch(1);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private HttpServer server;

	private int port;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/now", (exchange) -> {
			exchange.sendResponseHeaders(200, 3);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write("now".getBytes(StandardCharsets.UTF_8));
			}
		});
		this.server.createContext("/stall", (exchange) -> {
			exchange.sendResponseHeaders(200, 10);
			OutputStream out = exchange.getResponseBody();
			out.write("ab".getBytes(StandardCharsets.UTF_8));
			out.flush();
			try {
				// then stalls mid-body until the test ends
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		this.server.createContext("/", (exchange) -> {
			this.arrived.incrementAndGet();
			this.firstArrived.countDown();
			try {
				// bounded: the test releases it; 30 s only frees the thread if a test failed before
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] body = "held".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		this.port = this.server.getAddress().getPort();
	}

	@AfterEach
	void stopServer() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Test
	void acquireTimeoutAtATransportWideLimitNamesItAndTheHostKeyToAdd() {
		this.contextRunner.withPropertyValues("eofpool.max-connections-per-host=1", "eofpool.acquire-timeout=150ms")
			.run((context) -> {
				String message = secondCallFails(context).getMessage();
				System.out.println("acquire timeout, transport-wide limit: " + message);
				assertThat(message).startsWith("Timed out after ")
					.contains(" ms waiting for a connection to http://127.0.0.1:" + this.port + ": all 1 connections "
							+ "(the per-host limit) stayed in use; 0 other request(s) still waiting. To allow more "
							+ "connections raise eofpool.max-connections-per-host (1, every host) or set "
							+ "eofpool.hosts.[127.0.0.1:" + this.port + "].max-connections (this host and port)")
					.endsWith("; to wait longer raise eofpool.acquire-timeout (150 ms)");
			});
	}

	@Test
	void acquireTimeoutAtAPerHostLimitNamesTheBracketedKey() {
		this.contextRunner.withPropertyValues("eofpool.acquire-timeout=150ms")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("hostAndPort",
						Map.of("eofpool.hosts.[127.0.0.1:" + this.port + "].max-connections", "1"))))
			.run((context) -> {
				String message = secondCallFails(context).getMessage();
				System.out.println("acquire timeout, per-host limit: " + message);
				assertThat(message).contains("all 1 connections (the per-host limit) stayed in use")
					.contains("To allow more connections raise eofpool.hosts.[127.0.0.1:" + this.port
							+ "].max-connections (1); to wait longer raise eofpool.acquire-timeout (150 ms)");
			});
	}

	@Test
	void failFastNamesTheLimitAndThePolicyProperties() {
		this.contextRunner
			.withPropertyValues("eofpool.hosts.[127.0.0.1].max-connections=1", "eofpool.exhaustion-policy=fail-fast")
			.run((context) -> {
				String message = secondCallFails(context).getMessage();
				System.out.println("fail-fast: " + message);
				assertThat(message).isEqualTo("No connection available for http://127.0.0.1:" + this.port
						+ ": all 1 connections are in use and the exhaustion policy is fail-fast "
						+ "(eofpool.exhaustion-policy). To allow more connections raise "
						+ "eofpool.hosts.[127.0.0.1].max-connections (1); to wait up to eofpool.acquire-timeout for one "
						+ "instead, set eofpool.exhaustion-policy to wait");
			});
	}

	@Test
	void aThreadHoldingTheOnlyConnectionIsToldToCloseItOrRaiseTheLimit() {
		this.contextRunner.withPropertyValues("eofpool.max-connections-per-host=1").run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			Throwable failure = client.get().uri(uri() + "now").exchange((request, response) -> {
				// this thread still holds the response, so the only connection: a second call could never get one
				return catchThrowable(() -> client.get().uri(uri() + "now").retrieve().body(String.class));
			});
			assertThat(failure).isInstanceOf(ResourceAccessException.class);
			Throwable cause = failure.getCause();
			System.out.println("held by caller: " + cause.getMessage());
			assertThat(cause).isInstanceOf(PoolExhaustedException.class)
				.hasMessage("Waiting for a connection to http://127.0.0.1:" + this.port + " would never end: this "
						+ "thread already holds all 1 of its connections (read or close the earlier responses before "
						+ "sending another request, or raise eofpool.max-connections-per-host (1, every host) or set "
						+ "eofpool.hosts.[127.0.0.1:" + this.port + "].max-connections (this host and port))");
		});
	}

	@Test
	void readTimeoutNamesBootsProperty() {
		this.contextRunner.withPropertyValues("spring.http.clients.read-timeout=150ms").run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			Throwable failure = catchThrowable(() -> client.get().uri(uri()).retrieve().body(String.class));
			assertThat(failure).isInstanceOf(ResourceAccessException.class);
			// the transport's own exception (its cause is the socket's bare "Read timed out")
			Throwable cause = failure.getCause();
			System.out.println("read timeout: " + cause.getMessage());
			assertThat(cause).isInstanceOf(SocketTimeoutException.class)
				.hasMessage("Read timed out after 150 ms waiting for the response to GET http://127.0.0.1:" + this.port
						+ "; to wait longer raise spring.http.clients.read-timeout");
		});
	}

	@Test
	void aBodyReadTimeoutNamesBootsProperty() {
		this.contextRunner.withPropertyValues("spring.http.clients.read-timeout=150ms").run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			Throwable failure = catchThrowable(() -> client.get().uri(uri() + "stall").retrieve().body(String.class));
			Throwable timeout = failure;
			while (timeout != null && !(timeout instanceof SocketTimeoutException)) {
				timeout = timeout.getCause();
			}
			assertThat(timeout).as("a SocketTimeoutException in %s", failure).isNotNull();
			System.out.println("body read timeout: " + timeout.getMessage());
			assertThat(timeout).hasMessage("Read timed out after 150 ms waiting for the response body from "
					+ "http://127.0.0.1:" + this.port + "; to wait longer raise spring.http.clients.read-timeout");
		});
	}

	@Test
	void aResponseHeadOverALimitNamesTheLimitsProperty() {
		this.contextRunner.withPropertyValues("eofpool.limits.max-header-count=1").run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			// the server sends Date and Content-length: two fields
			Throwable failure = catchThrowable(() -> client.get().uri(uri() + "now").retrieve().body(String.class));
			assertThat(failure).isInstanceOf(ResourceAccessException.class);
			Throwable cause = failure.getCause();
			System.out.println("head limit: " + cause.getMessage());
			assertThat(cause).isInstanceOf(HttpProtocolException.class)
				.hasMessage("Response from http://127.0.0.1:" + this.port + " has more than 1 header fields; to accept "
						+ "such responses raise eofpool.limits.max-header-count");
		});
	}

	@Test
	void aLeakWarningNamesTheCallSiteProperty() {
		try (LogCapture log = LogCapture.of("dev.eofpool.transport.internal.connection.Exchange")) {
			this.contextRunner.run((context) -> {
				HttpTransport transport = context.getBean(HttpTransport.class);
				RestClient client = context.getBean(RestClient.Builder.class).build();
				// the response is neither read nor closed, and dropped
				client.get().uri(uri() + "now").exchange((request, response) -> response.getStatusCode(), false);
				// the leak detector runs when the collector finds the dropped body; it counts the leak, then logs it
				String origin = "http://127.0.0.1:" + this.port + "/";
				Waits.until(() -> {
					System.gc();
					return transport.stats().total().leaks() > 0 && !log.containing(origin).isEmpty();
				}, "the collector to find the abandoned body and the leak warning");
				List<String> ours = log.containing(origin).stream().map(LogRecord::getMessage).toList();
				assertThat(ours).hasSize(1);
				System.out.println("leak: " + ours.get(0));
				assertThat(ours.get(0)).startsWith("Response body of GET " + origin + "now was neither read to its end "
						+ "nor closed; its connection to http://127.0.0.1:" + this.port + " was closed after being held ")
					.endsWith(" ms. Enable leak call sites (eofpool.leak-detection.call-sites) to log where the "
							+ "request was made.");
			});
		}
	}

	@Test
	void namesFollowThePropertiesAsWritten() {
		this.contextRunner.withPropertyValues("eofpool.hosts.[API.Example.com].read-timeout=3s").run((context) -> {
			SettingNames names = context.getBean(HttpTransport.class).config().settingNames();
			assertThat(names.transportWide("leakCallSites")).isEqualTo("eofpool.leak-detection.call-sites");
			assertThat(names.transportWide("drainMaxBytes")).isEqualTo("eofpool.drain.max-bytes");
			assertThat(names.transportWide("maxIdlePerHost")).isEqualTo("eofpool.max-idle-per-host");
			assertThat(names.transportWide("connectTimeout")).isEqualTo("spring.http.clients.connect-timeout");
			assertThat(names.transportWide("responseHeadTimeout")).isEqualTo("eofpool.response-head-timeout");
			// no property sets it: only code can, through the builder
			assertThat(names.transportWide("ticker")).isEqualTo("TransportConfig.Builder.ticker");
			// a configured key keeps the user's spelling; a key to add is the pattern as the transport keeps it
			assertThat(names.perHost("api.example.com", "readTimeout"))
				.isEqualTo("eofpool.hosts.[API.Example.com].read-timeout");
			assertThat(names.perHost("10.0.0.1:8080", "maxConnections"))
				.isEqualTo("eofpool.hosts.[10.0.0.1:8080].max-connections");
		});
	}

	/** Holds the route's only connection with a first call, then makes a second; returns why the second failed. */
	private PoolExhaustedException secondCallFails(AssertableApplicationContext context) throws Exception {
		assertThat(context).hasNotFailed();
		RestClient client = context.getBean(RestClient.Builder.class).build();
		CompletableFuture<String> first = CompletableFuture
			.supplyAsync(() -> client.get().uri(uri()).retrieve().body(String.class), this.executor);
		// the first call holds the connection once the server has its request
		assertThat(this.firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
		Throwable failure = catchThrowable(() -> client.get().uri(uri()).retrieve().body(String.class));
		this.release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("held");
		assertThat(this.arrived.get()).isEqualTo(1);
		assertThat(failure).isInstanceOf(ResourceAccessException.class);
		Throwable cause = ((ResourceAccessException) failure).getMostSpecificCause();
		assertThat(cause).isInstanceOf(PoolExhaustedException.class);
		return (PoolExhaustedException) cause;
	}

	private String uri() {
		return "http://127.0.0.1:" + this.port + "/";
	}
}
