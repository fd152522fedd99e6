package dev.eofpool.spring.autoconfigure;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.eofpool.spring.EofPoolClientHttpRequestFactory;
import dev.eofpool.transport.AddressFilter;
import dev.eofpool.transport.AddressRefusedException;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Resolver;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application's address beans and the {@code eofpool.dns.*} properties reach the shared transport; the factory's
 * cookie store sends back what responses set. Boot 4.1's filter and cookie handling: {@code EofPoolBoot41Tests}.
 */
@Timeout(30)
class EofPoolAddressesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				RestClientAutoConfiguration.class));

	private HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			String cookie = exchange.getRequestHeaders().getFirst("Cookie");
			byte[] body = String.valueOf(cookie).getBytes(StandardCharsets.UTF_8);
			if (exchange.getRequestURI().getPath().equals("/login")) {
				exchange.getResponseHeaders().add("Set-Cookie", "session=s1; Path=/");
			}
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	private String url(String host, String path) {
		return "http://" + host + ":" + this.server.getAddress().getPort() + path;
	}

	@Test
	void aResolverBeanReplacesTheJdkResolver() {
		Resolver resolver = (host) -> {
			if (host.equals("orders.internal.test")) {
				return List.of(InetAddress.getLoopbackAddress());
			}
			throw new UnknownHostException(host);
		};
		this.contextRunner.withBean(Resolver.class, () -> resolver).run((context) -> {
			assertThat(context.getBean(HttpTransport.class).config().resolver()).isSameAs(resolver);
			String body = context.getBean(RestClient.Builder.class).build().get()
				.uri(url("orders.internal.test", "/")).retrieve().body(String.class);
			assertThat(body).isEqualTo("null");
			assertThat(this.requests).hasValue(1);
		});
	}

	@Test
	void anAddressFilterBeanRefusesBeforeAnyConnection() {
		AddressFilter noLoopback = (host, address) -> !address.isLoopbackAddress();
		this.contextRunner.withBean(AddressFilter.class, () -> noLoopback).run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(url("localhost", "/")).retrieve().body(String.class))
				.havingRootCause()
				.isInstanceOf(AddressRefusedException.class)
				.withMessageContaining("localhost")
				.withMessageContaining(InetAddress.getLoopbackAddress().getHostAddress());
			assertThat(this.requests).hasValue(0);
		});
	}

	@Test
	void dnsPropertiesMapToTheTransport() {
		this.contextRunner
			.withPropertyValues("eofpool.dns.refresh-interval=1s", "eofpool.dns.connect-stagger=100ms",
					"eofpool.dns.failure-memory=0", "eofpool.hosts.[api.test].dns-refresh-interval=5s")
			.run((context) -> {
				TransportConfig config = context.getBean(HttpTransport.class).config();
				assertThat(config.hostDefaults().dnsRefreshInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(config.settingsFor("api.test", 80).dnsRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(config.connectStagger()).isEqualTo(Duration.ofMillis(100));
				assertThat(config.addressFailureMemory()).isZero();
			});
	}

	@Test
	void aBadDnsPropertyFailsStartupNamingIt() {
		this.contextRunner.withPropertyValues("eofpool.dns.connect-stagger=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("eofpool.dns.connect-stagger"));
		});
		this.contextRunner.withPropertyValues("eofpool.hosts.[api.test].dns-refresh-interval=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("eofpool.hosts.[api.test].dns-refresh-interval"));
		});
	}

	@Test
	void aFactoryCookieStoreSendsBackWhatAResponseSet() throws Exception {
		try (HttpTransport transport = HttpTransport.create()) {
			EofPoolClientHttpRequestFactory factory = new EofPoolClientHttpRequestFactory(transport);
			factory.setCookieHandler(new CookieManager());
			RestClient client = RestClient.builder().requestFactory(factory).build();
			assertThat(client.get().uri(URI.create(url("localhost", "/login"))).retrieve().body(String.class))
				.isEqualTo("null");
			assertThat(client.get().uri(URI.create(url("localhost", "/next"))).retrieve().body(String.class))
				.isEqualTo("session=s1");
			RestClient other = RestClient.builder().requestFactory(new EofPoolClientHttpRequestFactory(transport)).build();
			assertThat(other.get().uri(URI.create(url("localhost", "/next"))).retrieve().body(String.class))
				.isEqualTo("null");
		}
	}

}
