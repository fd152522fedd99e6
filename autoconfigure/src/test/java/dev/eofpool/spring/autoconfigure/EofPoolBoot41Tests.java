package dev.eofpool.spring.autoconfigure;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;
import dev.eofpool.spring.EofPoolClientHttpRequestFactory;
import dev.eofpool.spring.InetAddressFilterAdapter;
import dev.eofpool.transport.AddressRefusedException;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Boot 4.1's {@code InetAddressFilter} bean and {@code spring.http.clients.cookie-handling} on eofpool. Runs in the
 * boot-4.1 pass only (the default pass excludes {@code *Boot41Tests}; {@link EofPoolBoot40Tests} runs there instead).
 * The sources compile against Boot 4.0, so the 4.1 types are reached reflectively.
 */
@Timeout(30)
class EofPoolBoot41Tests {

	private static final String FILTER = "org.springframework.boot.http.client.InetAddressFilter";

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
			if (exchange.getRequestURI().getPath().equals("/redirect")) {
				exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + this.server.getAddress().getPort()
						+ "/target");
				exchange.sendResponseHeaders(302, -1);
				exchange.close();
				return;
			}
			if (exchange.getRequestURI().getPath().equals("/login")) {
				exchange.getResponseHeaders().add("Set-Cookie", "session=s1; Path=/");
			}
			byte[] body = String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"))
				.getBytes(StandardCharsets.UTF_8);
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

	private String url(String path) {
		return "http://localhost:" + this.server.getAddress().getPort() + path;
	}

	private static Class<?> filterType() throws ClassNotFoundException {
		return Class.forName(FILTER);
	}

	/** {@code InetAddressFilter.externalAddresses()}: refuses loopback and private addresses. */
	private static Object externalAddresses() throws ReflectiveOperationException {
		return filterType().getMethod("externalAddresses").invoke(null);
	}

	@SuppressWarnings("unchecked") // the bean is registered under its Boot 4.1 type, found reflectively
	private ApplicationContextRunner withFilter(Object filter) throws ClassNotFoundException {
		Class<Object> type = (Class<Object>) filterType();
		Supplier<Object> supplier = () -> filter;
		return this.contextRunner.withBean(type, supplier);
	}

	@Test
	void theBootFilterIsPresentOnThisBootLine() {
		assertThat(ReflectionTestUtils.class.getClassLoader().getResource(FILTER.replace('.', '/') + ".class"))
			.isNotNull();
	}

	@Test
	void anInetAddressFilterRejectingLoopbackFailsClearlyWithoutConnecting() throws Exception {
		Object filter = externalAddresses();
		withFilter(filter).run((context) -> {
			HttpTransport transport = context.getBean(HttpTransport.class);
			assertThat(transport.config().addressFilter()).isInstanceOfSatisfying(InetAddressFilterAdapter.class,
					(adapter) -> assertThat(adapter.getFilter()).isSameAs(filter));
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(url("/")).retrieve().body(String.class))
				.havingRootCause()
				.isInstanceOf(AddressRefusedException.class)
				.withMessageContaining("refused by the address filter")
				.withMessageContaining("localhost")
				.withMessageContaining(InetAddress.getLoopbackAddress().getHostAddress());
			assertThat(this.requests).hasValue(0);
			assertThat(transport.stats().total().opened()).isZero();
		});
	}

	@Test
	void theFilterAppliesToRedirectTargets() throws Exception {
		// allows "localhost" answers only as long as the host is localhost: the redirect to 127.0.0.1 is refused
		Object filter = filterType().getMethod("adapt", java.util.function.Predicate.class)
			.invoke(null, (java.util.function.Predicate<InetAddress>) (a) -> true);
		withFilter(filter).withBean(dev.eofpool.transport.AddressFilter.class,
				() -> (host, address) -> !host.equals("127.0.0.1"))
			.run((context) -> {
				RestClient client = context.getBean(RestClient.Builder.class).build();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> client.get().uri(url("/redirect")).retrieve().body(String.class))
					.havingRootCause()
					.isInstanceOf(AddressRefusedException.class)
					.withMessageContaining("127.0.0.1");
				assertThat(this.requests).hasValue(1);
			});
	}

	@Test
	void aFilterAllowingLoopbackLetsRequestsThrough() throws Exception {
		Object all = filterType().getMethod("all").invoke(null);
		withFilter(all).run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(client.get().uri(url("/")).retrieve().body(String.class)).isEqualTo("null");
			assertThat(this.requests).hasValue(1);
		});
	}

	@Test
	void aClientSpecificFilterTheSharedTransportCannotApplyFailsTheBuild() throws Exception {
		Object filter = externalAddresses();
		this.contextRunner.run((context) -> {
			ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
			HttpClientSettings settings = (HttpClientSettings) HttpClientSettings.class
				.getMethod("withInetAddressFilter", filterType())
				.invoke(HttpClientSettings.defaults(), filter);
			assertThatIllegalStateException().isThrownBy(() -> builder.build(settings))
				.withMessageContaining("InetAddressFilter");
		});
	}

	@Test
	void aNativeImageCanCallTheFilterReflectively() throws Exception {
		org.springframework.aot.hint.RuntimeHints hints = new org.springframework.aot.hint.RuntimeHints();
		new dev.eofpool.spring.aot.EofPoolRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection()
			.onMethodInvocation(filterType().getMethod("matches", InetAddress.class))).accepts(hints);
		assertThat(org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection()
			.onMethodInvocation(HttpClientSettings.class.getMethod("inetAddressFilter"))).accepts(hints);
		assertThat(org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection()
			.onMethodInvocation(HttpClientSettings.class.getMethod("cookieHandling"))).accepts(hints);
	}

	@Test
	void cookieHandlingEnableGivesEachFactoryACookieStore() {
		this.contextRunner.withPropertyValues("spring.http.clients.cookie-handling=enable").run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			Object factory = ReflectionTestUtils.getField(builder, "requestFactory");
			assertThat(factory).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
					(f) -> assertThat(f.getCookieHandler()).isInstanceOf(CookieManager.class));
			RestClient client = builder.build();
			client.get().uri(url("/login")).retrieve().body(String.class);
			assertThat(client.get().uri(url("/next")).retrieve().body(String.class)).isEqualTo("session=s1");
		});
	}

	@Test
	void cookieHandlingDisableOrUnsetHandlesNoCookies() {
		this.contextRunner.withPropertyValues("spring.http.clients.cookie-handling=disable").run((context) -> {
			Object factory = ReflectionTestUtils.getField(context.getBean(RestClient.Builder.class), "requestFactory");
			assertThat(factory).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
					(f) -> assertThat(f.getCookieHandler()).isNull());
		});
		this.contextRunner.run((context) -> {
			Object factory = ReflectionTestUtils.getField(context.getBean(RestClient.Builder.class), "requestFactory");
			assertThat(factory).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
					(f) -> assertThat(f.getCookieHandler()).isNull());
		});
	}

}
