package dev.eofpool.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.eofpool.spring.EofPoolClientHttpRequestFactory;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RouteStats;

/**
 * The whole path in a real application: an embedded Tomcat, Boot's injected {@link RestClient.Builder}s,
 * {@link RestTemplateBuilder} and an HTTP service group, all on one shared eofpool transport. Connections are counted
 * on the server side, by the client ports Tomcat saw.
 */
@SpringBootTest(classes = EofPoolSpringBootIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.http.clients.read-timeout=1s", "spring.http.serviceclient.greeting.read-timeout=30s",
				"server.tomcat.max-keep-alive-requests=-1", "spring.mvc.servlet.load-on-startup=1" })
@Timeout(60)
class EofPoolSpringBootIntegrationTests {

	private static final int CALLS = 100;

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder firstBuilder;

	@Autowired
	private RestClient.Builder secondBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Autowired
	private HttpTransport transport;

	@Autowired
	private ClientHttpRequestFactory clientHttpRequestFactory;

	@Autowired
	private GreetingClient greetingClient;

	@Autowired
	private ClientPorts clientPorts;

	@Autowired
	private Gates gates;

	@AfterEach
	void releaseGates() {
		this.gates.releaseAll();
	}

	@Test
	void injectedClientsShareOnePoolAndOpenNoMoreConnectionsThanTheConcurrency() throws Exception {
		assertThat(this.firstBuilder).isNotSameAs(this.secondBuilder);
		// a route of its own (127.0.0.1; the other tests use localhost), so what other tests left in the pool does
		// not count, whatever order the tests run in
		String base = "http://127.0.0.1:" + this.port;
		RestClient first = this.firstBuilder.baseUrl(base).build();
		RestClient second = this.secondBuilder.baseUrl(base).build();
		RestTemplate restTemplate = rooted(base).build();
		assertThat(restTemplate.getRequestFactory()).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
				(factory) -> assertThat(factory.getTransport()).isSameAs(this.transport));
		this.clientPorts.clear();
		assertThat(routeStats(this.transport.stats(), "127.0.0.1")).as("the route before the test").isNull();
		ExecutorService executor = Executors.newFixedThreadPool(3);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			results.add(executor.submit(() -> repeat(() -> first.get().uri("/hello").retrieve().body(String.class))));
			results.add(executor.submit(() -> repeat(() -> second.get().uri("/hello").retrieve().body(String.class))));
			results.add(executor.submit(() -> repeat(() -> restTemplate.getForObject("/hello", String.class))));
			for (Future<Integer> result : results) {
				assertThat(result.get(50, TimeUnit.SECONDS)).isEqualTo(CALLS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		RouteStats route = routeStats(this.transport.stats(), "127.0.0.1");
		assertThat(this.clientPorts.size()).isBetween(1, 3);
		assertThat(route.requests()).isEqualTo(3L * CALLS);
		assertThat(route.opened()).isLessThanOrEqualTo(3);
		assertThat(route.leased()).isZero();
	}

	private static RouteStats routeStats(PoolStats stats, String host) {
		return stats.routes()
			.entrySet()
			.stream()
			.filter((e) -> e.getKey().host().equals(host))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	@Test
	void bootsFactoryBeanAndHttpServiceGroupUseThePoolToo() {
		assertThat(this.clientHttpRequestFactory).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
				(factory) -> assertThat(factory.getTransport()).isSameAs(this.transport));
		long requests = this.transport.stats().total().requests();
		assertThat(this.greetingClient.get(URI.create(baseUrl() + "/hello"))).isEqualTo("hello");
		assertThat(this.transport.stats().total().requests()).isEqualTo(requests + 1);
	}

	@Test
	void globalReadTimeoutAppliesAndPerBuilderAndPerGroupOverridesWin() throws Exception {
		RestClient globalClient = this.firstBuilder.baseUrl(baseUrl()).build();
		RestTemplate longTimeout = rooted(baseUrl())
			.readTimeout(Duration.ofSeconds(30))
			.build();
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<String> template = executor.submit(() -> longTimeout.getForObject("/slow/held", String.class));
			Future<String> group = executor
				.submit(() -> this.greetingClient.get(URI.create(baseUrl() + "/slow/held")));
			assertThat(this.gates.awaitEntered("held", 2)).isTrue();
			// While both are held by the server, a client on the global 1s read timeout gives up: so both have now
			// waited longer than the global timeout, on their own (longer) per-builder and per-group timeouts.
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> globalClient.get().uri("/slow/never").retrieve().body(String.class))
				.withRootCauseInstanceOf(SocketTimeoutException.class);
			this.gates.release("held");
			assertThat(template.get(20, TimeUnit.SECONDS)).isEqualTo("released");
			assertThat(group.get(20, TimeUnit.SECONDS)).isEqualTo("released");
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void shorterPerBuilderReadTimeoutApplies() {
		RestTemplate shortTimeout = rooted(baseUrl())
			.readTimeout(Duration.ofMillis(200))
			.build();
		assertThat(shortTimeout.getRequestFactory()).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
				(factory) -> assertThat(factory.getReadTimeout()).isEqualTo(Duration.ofMillis(200)));
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> shortTimeout.getForObject("/slow/short", String.class))
			.withRootCauseInstanceOf(SocketTimeoutException.class);
	}

	/** The injected builder with a root URI. */
	// "removal": Boot 4.1 deprecates rootUri for baseUri, which 4.0 lacks; the build compiles against both lines
	@SuppressWarnings("removal")
	private RestTemplateBuilder rooted(String base) {
		return this.restTemplateBuilder.rootUri(base);
	}

	private String baseUrl() {
		return "http://localhost:" + this.port;
	}

	private static int repeat(Call call) {
		int ok = 0;
		for (int i = 0; i < CALLS; i++) {
			if ("hello".equals(call.get())) {
				ok++;
			}
		}
		return ok;
	}

	@FunctionalInterface
	interface Call {

		String get();

	}

	interface GreetingClient {

		@GetExchange
		String get(URI uri);

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "greeting", types = GreetingClient.class)
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		ClientPorts clientPorts() {
			return new ClientPorts();
		}

		@Bean
		Gates gates() {
			return new Gates();
		}

	}

	@RestController
	static class TestController {

		private final Gates gates;

		TestController(Gates gates) {
			this.gates = gates;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/slow/{name}")
		String slow(@PathVariable String name) throws InterruptedException {
			return this.gates.pass(name) ? "released" : "not released";
		}

	}

	/** Records each request's client port: one port per client connection. */
	static class ClientPorts extends OncePerRequestFilter {

		private final Set<Integer> ports = ConcurrentHashMap.newKeySet();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.ports.add(request.getRemotePort());
			chain.doFilter(request, response);
		}

		int size() {
			return this.ports.size();
		}

		void clear() {
			this.ports.clear();
		}

	}

	/** Named gates that hold requests until the test releases them. */
	static class Gates {

		private final Map<String, Gate> gates = new ConcurrentHashMap<>();

		boolean pass(String name) throws InterruptedException {
			Gate gate = gate(name);
			gate.entered.release();
			return gate.released.await(30, TimeUnit.SECONDS);
		}

		boolean awaitEntered(String name, int count) throws InterruptedException {
			return gate(name).entered.tryAcquire(count, 20, TimeUnit.SECONDS);
		}

		void release(String name) {
			gate(name).released.countDown();
		}

		void releaseAll() {
			this.gates.values().forEach((gate) -> gate.released.countDown());
			this.gates.clear();
		}

		private Gate gate(String name) {
			return this.gates.computeIfAbsent(name, (key) -> new Gate());
		}

		private static final class Gate {

			private final Semaphore entered = new Semaphore(0);

			private final CountDownLatch released = new CountDownLatch(1);

		}

	}

}
