package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.proxy.HttpProxy;
import dev.eofpool.transport.proxy.ProxySettings;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * The requests' routes ({@link Routes}): a recent origin's route is the same instance, costs no allocation, and never
 * carries TLS or proxy settings another request chose; spellings of one origin share its connections. Requests with
 * one connect timeout share one dialler.
 */
@Timeout(30)
class RoutesTest {

	private static final TlsSettings DEFAULTS = TlsSettings.defaults();

	private static Route route(Routes routes, String uri) throws IOException {
		return routes.of(HttpRequest.builder("GET", URI.create(uri)).build());
	}

	private static Route route(Routes routes, String uri, TlsSettings tls) throws IOException {
		return routes.of(HttpRequest.builder("GET", URI.create(uri)).tls(tls).build());
	}

	@Test
	void aRecentOriginGetsTheSameRouteWhateverItsSpelling() throws IOException {
		Routes routes = new Routes(ProxySettings.direct(), () -> DEFAULTS);
		Route first = route(routes, "http://example.com:8080/a");
		assertThat(first).isEqualTo(new Route("http", "example.com", 8080));
		assertThat(route(routes, "http://example.com:8080/b?q=1")).isSameAs(first);
		assertThat(route(routes, "HTTP://EXAMPLE.com:8080/c")).as("scheme and host ignore case").isSameAs(first);
		assertThat(route(routes, "http://Example.COM:8080/d")).isSameAs(first);
		assertThat(route(routes, "http://example.com/")).isEqualTo(new Route("http", "example.com", 80));
		assertThat(route(routes, "http://example.com:80/")).as("the default port written out")
			.isSameAs(route(routes, "http://example.com/"));
		assertThat(route(routes, "https://example.com/")).isEqualTo(new Route("https", "example.com", 443));
		assertThat(route(routes, "http://example.org:8080/")).isEqualTo(new Route("http", "example.org", 8080));
	}

	@Test
	void ipv6LiteralsLoseTheirBracketsAndCase() throws IOException {
		Routes routes = new Routes(ProxySettings.direct(), () -> DEFAULTS);
		Route route = route(routes, "http://[FE80::1]:8080/x");
		assertThat(route).isEqualTo(new Route("http", "fe80::1", 8080));
		assertThat(route.authority()).isEqualTo("[fe80::1]:8080");
		assertThat(route(routes, "http://[fe80::1]:8080/y")).isSameAs(route);
		assertThat(route(routes, "https://[::1]/")).isEqualTo(new Route("https", "::1", 443));
		assertThat(route(routes, "http://[::1]:8080/")).isEqualTo(new Route("http", "::1", 8080));
	}

	@Test
	void aRememberedRouteNeverCarriesAnotherRequestsTlsSettings() throws IOException {
		TlsSettings a = TlsSettings.builder().protocols("TLSv1.3").build();
		TlsSettings b = TlsSettings.builder().protocols("TLSv1.2").build();
		Routes routes = new Routes(ProxySettings.direct(), () -> DEFAULTS);
		String uri = "https://example.com/";
		for (int round = 0; round < 2; round++) {
			assertThat(route(routes, uri, a).tls()).isSameAs(a);
			assertThat(route(routes, uri, b).tls()).isSameAs(b);
			assertThat(route(routes, uri).tls()).isNull();
			assertThat(route(routes, uri, DEFAULTS.toBuilder().build()).tls()).as("equal to the defaults").isNull();
			assertThat(route(routes, "http://example.com/", a).tls()).as("no TLS for http").isNull();
		}
	}

	@Test
	void theDefaultTlsSettingsAreComparedEachTime() throws IOException {
		TlsSettings a = TlsSettings.builder().protocols("TLSv1.3").build();
		AtomicReference<TlsSettings> defaults = new AtomicReference<>(DEFAULTS);
		Routes routes = new Routes(ProxySettings.direct(), defaults::get);
		assertThat(route(routes, "https://example.com/", a).tls()).isSameAs(a);
		defaults.set(a);
		assertThat(route(routes, "https://example.com/", a).tls()).as("now the default").isNull();
	}

	@Test
	void theDefaultTlsSettingsAreMadeOnlyForARequestWithItsOwn() throws IOException {
		java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
		Routes routes = new Routes(ProxySettings.direct(), () -> {
			asked.incrementAndGet();
			return DEFAULTS;
		});
		TlsSettings a = TlsSettings.builder().protocols("TLSv1.3").build();
		route(routes, "http://example.com/");
		route(routes, "https://example.com/");
		route(routes, "http://example.com/", a);
		assertThat(asked).as("asked for the defaults (which may load the JVM's SSL context)").hasValue(0);
		assertThat(route(routes, "HTTPS://example.com/", a).tls()).isSameAs(a);
		assertThat(asked).hasValue(1);
	}

	@Test
	void aFixedProxyIsRememberedWithItsTargetsAndASelectorIsAskedEveryTime() throws IOException {
		Routes fixed = new Routes(ProxySettings.of("proxy.example", 3128).withNonProxyHosts("*.internal"),
				() -> DEFAULTS);
		for (int round = 0; round < 2; round++) {
			assertThat(route(fixed, "http://example.com/").proxy())
				.isEqualTo(new HttpProxy("proxy.example", 3128, null));
			assertThat(route(fixed, "http://db.internal/").proxy()).isNull();
		}
		List<Proxy> answers = new ArrayList<>(List.of(Proxy.NO_PROXY,
				new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("one.example", 3128)), Proxy.NO_PROXY,
				new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("two.example", 3128))));
		Routes selected = new Routes(ProxySettings.selector(new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				return List.of(answers.remove(0));
			}

			@Override
			public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
			}
		}), () -> DEFAULTS);
		assertThat(route(selected, "http://example.com/").proxy()).isNull();
		assertThat(route(selected, "http://example.com/").proxy().host()).isEqualTo("one.example");
		assertThat(route(selected, "http://example.com/").proxy()).isNull();
		assertThat(route(selected, "http://example.com/").proxy().host()).isEqualTo("two.example");
	}

	@Test
	void moreOriginsThanRememberedStillGetTheirOwnRoutes() throws IOException {
		Routes routes = new Routes(ProxySettings.direct(), () -> DEFAULTS);
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < 3 * Routes.REMEMBERED; i++) {
				assertThat(route(routes, "http://host" + i + ".example:" + (8000 + i) + "/"))
					.isEqualTo(new Route("http", "host" + i + ".example", 8000 + i));
			}
		}
	}

	/**
	 * Threads asking for more origins than are remembered, with and without TLS settings of their own, so that slots
	 * are replaced under readers all the time: every answer is the route built afresh for that request.
	 */
	@Test
	void threadsReplacingRememberedRoutesEachGetTheirRequestsRoute() throws Exception {
		TlsSettings a = TlsSettings.builder().protocols("TLSv1.3").build();
		Routes routes = new Routes(ProxySettings.direct(), () -> DEFAULTS);
		int origins = 2 * Routes.REMEMBERED + 1;
		HttpRequest[] requests = new HttpRequest[2 * origins];
		Route[] expected = new Route[requests.length];
		for (int i = 0; i < origins; i++) {
			URI uri = URI.create("https://HOST" + i + ".example:" + (9000 + i) + "/");
			requests[2 * i] = HttpRequest.builder("GET", uri).build();
			requests[2 * i + 1] = HttpRequest.builder("GET", uri).tls(a).build();
			expected[2 * i] = new Route("https", "host" + i + ".example", 9000 + i);
			expected[2 * i + 1] = expected[2 * i].withTls(a);
		}
		int wrong = dev.eofpool.testfixtures.Concurrently.countWrong(4, 20_000, (thread, index) -> {
			int r = (index * 7 + thread * 3) % requests.length;
			Route route = routes.of(requests[r]);
			return route.equals(expected[r]) && route.tls() == expected[r].tls();
		});
		assertThat(wrong).as("routes that differed from the request's").isZero();
	}

	@Test
	void findingARecentOriginsRouteAllocatesNothing() throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		Routes routes = new Routes(ProxySettings.direct(), () -> DEFAULTS);
		HttpRequest[] requests = new HttpRequest[2000];
		for (int i = 0; i < requests.length; i++) {
			// a URI of its own per request, as a client builds one per call
			requests[i] = HttpRequest.builder("GET", URI.create("http://example.com:8080/item/" + (i % 2))).build();
		}
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long start = ThreadAllocations.ofCurrentThread();
			for (HttpRequest request : requests) {
				routes.of(request);
			}
			least = Math.min(least, ThreadAllocations.ofCurrentThread() - start);
		}
		assertThat(least / requests.length).as("bytes per route of a recent origin (total %d)", least).isZero();
	}

	@Test
	void spellingsOfOneOriginShareOneConnection() throws Exception {
		List<String> resolved = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"));
				HttpTransport transport = new HttpTransport(TransportConfig.builder().resolver((host) -> {
					resolved.add(host);
					return List.of(InetAddress.getLoopbackAddress());
				}).build())) {
			int port = server.port();
			String[] spellings = { "http://example.com:" + port + "/a", "http://EXAMPLE.com:" + port + "/b",
					"HTTP://Example.COM:" + port + "/c", "http://example.com:" + port + "/d" };
			for (String uri : spellings) {
				get(transport, URI.create(uri));
			}
			assertThat(server.requests()).hasSize(spellings.length);
			assertThat(server.accepted()).as("connections the server accepted").isEqualTo(1);
			assertThat(resolved).as("hosts resolved").containsExactly("example.com");
			assertThat(transport.stats().routes()).containsOnlyKeys(new Route("http", "example.com", port));
		}
	}

	@Test
	void anIpv6LiteralHostReusesItsConnection() throws Exception {
		InetAddress loopback6;
		try {
			loopback6 = InetAddress.getByName("::1");
			new java.net.ServerSocket(0, 1, loopback6).close();
		}
		catch (IOException ex) {
			Assumptions.abort("no IPv6 loopback here: " + ex);
			return;
		}
		try (TestServer server = TestServer.responding(new InetSocketAddress(loopback6, 0),
				(c, r) -> c.respond(200, "ok"));
				HttpTransport transport = HttpTransport.create()) {
			URI uri = URI.create("http://[::1]:" + server.port() + "/v6");
			assertThat(transport.route(HttpRequest.builder("GET", uri).build()))
				.isEqualTo(new Route("http", "::1", server.port()));
			for (int i = 0; i < 3; i++) {
				get(transport, uri);
			}
			assertThat(server.accepted()).as("connections the server accepted").isEqualTo(1);
		}
	}

	/** The per-request object besides the route: the dialler of the request's connect timeout, one per timeout. */
	@Test
	void requestsWithOneConnectTimeoutShareOneDialler() {
		try (HttpTransport transport = HttpTransport.create()) {
			var tenSeconds = transport.dialerFor(java.time.Duration.ofSeconds(10));
			assertThat(transport.dialerFor(java.time.Duration.ofMillis(10_000))).isSameAs(tenSeconds);
			var oneSecond = transport.dialerFor(java.time.Duration.ofSeconds(1));
			assertThat(oneSecond).isNotSameAs(tenSeconds);
			assertThat(transport.dialerFor(java.time.Duration.ofSeconds(1))).isSameAs(oneSecond);
		}
	}

	private static void get(HttpTransport transport, URI uri) throws IOException {
		try (HttpResponse response = transport.send(HttpRequest.builder("GET", uri).build());
				InputStream in = response.body()) {
			assertThat(response.status()).isEqualTo(200);
			in.readAllBytes();
		}
	}

}
