package dev.eofpool.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.eofpool.testfixtures.Waits;
import dev.eofpool.spring.EofPoolWarmUp;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warm-up before readiness, counted on the server's side, and the mapping of the operating properties (max waiters,
 * total cap, response-head timeout, TCP keep-alive, min-idle) to the transport.
 */
@Timeout(30)
class EofPoolOperationsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class));

	private AcceptCounter server;

	@BeforeEach
	void start() throws IOException {
		this.server = new AcceptCounter();
	}

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void aHostWithMinIdleHasItsConnectionsBeforeTheApplicationIsReady() throws Exception {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		AtomicReference<int[]> atReadiness = new AtomicReference<>();
		application.addListeners((ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> {
			if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
				HttpTransport transport = ((ConfigurableApplicationContext) event.getSource())
					.getBean(HttpTransport.class);
				atReadiness.set(new int[] { transport.stats().total().idle(), transport.stats().total().opened() > 0
						? (int) transport.stats().total().opened() : 0 });
			}
		});
		String host = "eofpool.hosts.[127.0.0.1:" + this.server.port() + "]";
		try (ConfigurableApplicationContext context = application.run("--" + host + ".min-idle=4",
				"--" + host + ".warm-up-scheme=http")) {
			// at the moment readiness was published, the pool already held the four connections, opened once each
			assertThat(atReadiness.get()).containsExactly(4, 4);
			// the application sent no request: every connection the server accepted is one warm-up opened
			this.server.awaitAccepted(4);
			HttpTransport transport = context.getBean(HttpTransport.class);
			assertThat(transport.stats().total().idle()).isEqualTo(4);
			assertThat(this.server.accepted()).isEqualTo(4);
		}
	}

	@Test
	void aFailedWarmUpIsLoggedAndStartUpGoesOnUnlessAskedToFail() throws IOException {
		int port = this.server.port();
		this.server.close();
		String host = "eofpool.hosts.[127.0.0.1:" + port + "]";
		runner(host + ".min-idle=2", "eofpool.warm-up.timeout=5s")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EofPoolWarmUp.class));
		runner(host + ".min-idle=2", "eofpool.warm-up.fail-on-error=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("eofpool.warm-up.fail-on-error")
				.hasMessageContaining("127.0.0.1:" + port));
	}

	@Test
	void warmUpNeedsAHostAndPortKeyAndInfersHttpsOnPort443() {
		runner("eofpool.hosts.[*.internal].min-idle=2")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("eofpool.hosts.[*.internal].min-idle")));
		EofPoolProperties properties = new EofPoolProperties();
		EofPoolProperties.Host api = new EofPoolProperties.Host();
		api.setMinIdle(3);
		properties.getHosts().put("api.example.com:443", api);
		EofPoolProperties.Host plain = new EofPoolProperties.Host();
		plain.setMinIdle(1);
		properties.getHosts().put("backend:8080", plain);
		assertThat(WarmUpTargets.of(properties)).containsExactly(
				new EofPoolWarmUp.Target(java.net.URI.create("https://api.example.com:443"), 3),
				new EofPoolWarmUp.Target(java.net.URI.create("http://backend:8080"), 1));
	}

	@Test
	void operatingPropertiesReachTheTransport() {
		runner("eofpool.max-waiters-per-host=7", "eofpool.max-connections-total=40",
					"eofpool.response-head-timeout=3s", "eofpool.tcp-keep-alive.idle=45s",
					"eofpool.tcp-keep-alive.interval=5s", "eofpool.tcp-keep-alive.count=4",
					"eofpool.hosts.[api:443].max-waiters=2", "eofpool.hosts.[api:443].response-head-timeout=1s",
					"eofpool.hosts.[api:443].min-idle=1")
			.run((context) -> {
				TransportConfig config = context.getBean(HttpTransport.class).config();
				assertThat(config.hostDefaults().maxWaiters()).isEqualTo(7);
				assertThat(config.maxConnectionsTotal()).isEqualTo(40);
				assertThat(config.responseHeadTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.tcpKeepAlive()).isTrue();
				assertThat(config.tcpKeepAliveIdle()).isEqualTo(Duration.ofSeconds(45));
				assertThat(config.tcpKeepAliveInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(config.tcpKeepAliveCount()).isEqualTo(4);
				HostSettings api = config.settingsFor("api", 443);
				assertThat(api.maxWaiters()).isEqualTo(2);
				assertThat(api.responseHeadTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(api.minIdle()).isEqualTo(1);
				assertThat(config.settingsFor("other", 80).maxWaiters()).isEqualTo(7);
			});
		this.contextRunner.run((context) -> {
			TransportConfig config = context.getBean(HttpTransport.class).config();
			assertThat(config.hostDefaults().maxWaiters()).isEqualTo(Integer.MAX_VALUE);
			assertThat(config.maxConnectionsTotal()).isEqualTo(Integer.MAX_VALUE);
			assertThat(config.tcpKeepAlive()).isTrue();
		});
		runner("eofpool.tcp-keep-alive.enabled=false")
			.run((context) -> assertThat(context.getBean(HttpTransport.class).config().tcpKeepAlive()).isFalse());
	}

	@Test
	void badOperatingValuesNameTheirProperty() {
		assertInvalid("eofpool.max-connections-total", "eofpool.max-connections-total=0");
		assertInvalid("eofpool.max-waiters-per-host", "eofpool.max-waiters-per-host=-1");
		assertInvalid("eofpool.hosts.[api:80].min-idle", "eofpool.hosts.[api:80].min-idle=5",
				"eofpool.hosts.[api:80].max-idle=2");
		assertInvalid("eofpool.hosts.[api:80].warm-up-scheme", "eofpool.hosts.[api:80].warm-up-scheme=ftp");
		assertInvalid("eofpool.hosts.[api:80].max-waiters", "eofpool.hosts.[api:80].max-waiters=-2");
	}

	/** The runner with these {@code key=value} properties, which may hold host:port keys (no colon splitting). */
	private ApplicationContextRunner runner(String... pairs) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (String pair : pairs) {
			int eq = pair.indexOf('=');
			values.put(pair.substring(0, eq), pair.substring(eq + 1));
		}
		return this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", values)));
	}

	private void assertInvalid(String property, String... values) {
		runner(values)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo(property)));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
			ImperativeHttpClientAutoConfiguration.class })
	static class Application {

	}

	/** Accepts connections, counts them, and keeps each open until the client closes it. */
	private static final class AcceptCounter implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger accepted = new AtomicInteger();

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		AcceptCounter() throws IOException {
			Thread thread = new Thread(this::acceptLoop, "accept-counter");
			thread.setDaemon(true);
			thread.start();
		}

		private void acceptLoop() {
			while (!this.socket.isClosed()) {
				try {
					Socket s = this.socket.accept();
					this.sockets.add(s);
					this.accepted.incrementAndGet();
					Thread reader = new Thread(() -> {
						try (InputStream in = s.getInputStream()) {
							while (in.read() != -1) {
								// no request is expected
							}
						}
						catch (IOException ex) {
							// closed
						}
					});
					reader.setDaemon(true);
					reader.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		int port() {
			return this.socket.getLocalPort();
		}

		int accepted() {
			return this.accepted.get();
		}

		/** Waits, bounded by {@link Waits#DEFAULT}, for the accept loop to catch up with the kernel's backlog. */
		void awaitAccepted(int count) throws InterruptedException {
			Waits.until(() -> this.accepted.get() >= count, count + " connections accepted");
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			for (Socket s : this.sockets) {
				s.close();
			}
		}

	}

}
