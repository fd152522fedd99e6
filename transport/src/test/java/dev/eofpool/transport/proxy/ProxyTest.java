package dev.eofpool.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestProxy;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TransportExtension;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * Through a local HTTP proxy: {@code https} tunnels with {@code CONNECT} and reuses the tunnel, {@code http} uses the
 * absolute form, a 407 is a clear error, non-proxy hosts go direct, and proxied routes are pooled apart from direct
 * ones.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProxyTest {

	private static final String AUTH = "Basic " + Base64.getEncoder()
		.encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer origin;

	private TestProxy proxy;

	private HttpTransport transport;

	private static TlsSettings trusting() {
		return TlsSettings.builder().trustStore(TestCertificates.trustStore()).build();
	}

	private void httpsOrigin() throws Exception {
		this.origin = this.env.responding(ServerTls.of(TestCertificates.LOCALHOST),
				(c, r) -> c.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\norigin"));
	}

	private HttpTransport transport(ProxySettings proxy) {
		this.transport = this.env.transport(TransportConfig.builder().tls(trusting()).proxy(proxy).build());
		return this.transport;
	}

	private String get(String uri) throws Exception {
		HttpResponse response = this.transport.send(HttpRequest.get(URI.create(uri)));
		assertThat(response.status()).isEqualTo(200);
		return readToEof(response.body());
	}

	@Test
	void httpsCallsTunnelThroughConnectAndReuseTheTunnel() throws Exception {
		httpsOrigin();
		this.proxy = this.env.server(new TestProxy());
		transport(ProxySettings.of("127.0.0.1", this.proxy.port()));
		String uri = "https://localhost:" + this.origin.port() + "/x";
		for (int i = 0; i < 20; i++) {
			assertThat(get(uri)).isEqualTo("origin");
		}
		assertThat(this.proxy.accepted()).isEqualTo(1);
		assertThat(this.proxy.requestLines()).containsExactly("CONNECT localhost:" + this.origin.port() + " HTTP/1.1");
		assertThat(this.proxy.requestHeaders().get(0)).contains("Host: localhost:" + this.origin.port());
		assertThat(this.origin.accepted()).isEqualTo(1);
		// inside the tunnel the request is an ordinary origin-form one
		assertThat(this.origin.requests()).hasSize(20).allMatch((r) -> r.target().equals("/x"));
		Route route = Route.of(URI.create(uri)).withProxy(new HttpProxy("127.0.0.1", this.proxy.port(), null));
		assertThat(this.transport.stats().routes()).containsOnlyKeys(route);
		assertThat(route.toString()).isEqualTo("https://localhost:" + this.origin.port() + " via proxy http://127.0.0.1:"
				+ this.proxy.port());
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void httpCallsUseTheAbsoluteFormAndReuseTheProxyConnection() throws Exception {
		this.proxy = this.env.server(new TestProxy());
		transport(ProxySettings.of("127.0.0.1", this.proxy.port()).withCredentials("alice", "s3cret"));
		for (int i = 0; i < 10; i++) {
			assertThat(get("http://example.test:8080/a/b?q=1")).isEqualTo("proxied http://example.test:8080/a/b?q=1");
		}
		assertThat(this.proxy.accepted()).isEqualTo(1);
		assertThat(this.proxy.requestLines()).hasSize(10)
			.allMatch((l) -> l.equals("GET http://example.test:8080/a/b?q=1 HTTP/1.1"));
		assertThat(this.proxy.requestHeaders().get(0)).contains("Host: example.test:8080",
				"Proxy-Authorization: " + AUTH);
	}

	@Test
	void credentialsAreSentOnConnect() throws Exception {
		httpsOrigin();
		this.proxy = this.env.server(new TestProxy()).requireAuthorization(AUTH);
		transport(ProxySettings.of("127.0.0.1", this.proxy.port()).withCredentials("alice", "s3cret"));
		assertThat(get("https://localhost:" + this.origin.port() + "/")).isEqualTo("origin");
		assertThat(this.proxy.requestHeaders().get(0)).contains("Proxy-Authorization: " + AUTH);
		assertThat(this.origin.requests().get(0).header("Proxy-Authorization")).isNull(); // never past the proxy
	}

	@Test
	void aProxyThatRefusesTheTunnelGivesAClearErrorWithItsStatusLine() throws Exception {
		httpsOrigin();
		this.proxy = this.env.server(new TestProxy()).requireAuthorization(AUTH);
		transport(ProxySettings.of("127.0.0.1", this.proxy.port()));
		URI uri = URI.create("https://localhost:" + this.origin.port() + "/");
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(uri)))
			.isInstanceOfSatisfying(ProxyTunnelException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(407);
				assertThat(ex.statusLine()).isEqualTo("HTTP/1.1 407 Proxy Authentication Required");
			})
			.hasMessage("Proxy http://127.0.0.1:" + this.proxy.port() + " refused the tunnel to https://localhost:"
					+ this.origin.port() + ": HTTP/1.1 407 Proxy Authentication Required (the proxy requires "
					+ "authentication, Proxy-Authenticate: Basic realm=\"test\"; no proxy credentials are configured)");
		assertThat(this.origin.accepted()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
		assertThat(this.transport.stats().total().open()).isZero();
	}

	@Test
	void wrongCredentialsAreReportedAsRejected() throws Exception {
		httpsOrigin();
		this.proxy = this.env.server(new TestProxy()).requireAuthorization(AUTH);
		transport(ProxySettings.of("127.0.0.1", this.proxy.port()).withCredentials("alice", "wrong"));
		URI uri = URI.create("https://localhost:" + this.origin.port() + "/");
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(uri))).isInstanceOf(ProxyTunnelException.class)
			.hasMessageContaining("407")
			.hasMessageContaining("it rejected the configured credentials");
	}

	@Test
	void aProxyThatNeverAnswersConnectTimesOutNamingTheProxyAndTheTarget() throws Exception {
		CountDownLatch done = new CountDownLatch(1);
		TestServer silent = this.env.start((c) -> {
			c.readRequest();
			done.await(20, TimeUnit.SECONDS);
		});
		this.transport = this.env.transport(TransportConfig.builder().tls(trusting())
			.proxy(ProxySettings.of("127.0.0.1", silent.port())).connectTimeout(Duration.ofMillis(300)).build());
		try {
			assertThatThrownBy(() -> this.transport.send(HttpRequest.get(URI.create("https://localhost:4443/"))))
				.isInstanceOf(SocketTimeoutException.class)
				.hasMessage("Proxy http://127.0.0.1:" + silent.port()
						+ " did not answer CONNECT localhost:4443 within the connect timeout of 300 ms");
		}
		finally {
			done.countDown();
		}
		assertThat(this.transport.stats().total().open()).isZero();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void aProxyThatResetsTheConnectionDuringConnectIsNamed() throws Exception {
		TestServer resetting = this.env.start((c) -> {
			c.readRequest();
			c.reset();
		});
		transport(ProxySettings.of("127.0.0.1", resetting.port()));
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(URI.create("https://localhost:4443/"))))
			.isInstanceOf(IOException.class)
			.hasMessageStartingWith("CONNECT localhost:4443 through proxy http://127.0.0.1:" + resetting.port()
					+ " failed: ");
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void aProxyDrippingItsAnswerIsBoundByTheConnectTimeoutAsAWhole() throws Exception {
		// each header line comes well within the connect timeout, the whole answer never does
		TestServer dripping = this.env.start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 Connection established\r\n");
			for (int i = 0; i < 40; i++) {
				Thread.sleep(100); // the server's pace is the scenario: a line well within the timeout, never the whole
				c.write("X-Pad: " + i + "\r\n");
			}
			c.write("\r\n");
		});
		this.transport = this.env.transport(TransportConfig.builder().tls(trusting())
			.proxy(ProxySettings.of("127.0.0.1", dripping.port())).connectTimeout(Duration.ofMillis(500)).build());
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(URI.create("https://localhost:4443/"))))
			.isInstanceOf(SocketTimeoutException.class)
			.hasMessageContaining("did not answer CONNECT localhost:4443 within the connect timeout of 500 ms");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000L);
		assertThat(this.transport.stats().total().open()).isZero();
	}

	@Test
	void nonProxyHostsGoDirectAndArePooledApartFromProxiedRoutes() throws Exception {
		httpsOrigin();
		this.proxy = this.env.server(new TestProxy());
		transport(ProxySettings.of("127.0.0.1", this.proxy.port()).withNonProxyHosts("localhost|*.internal"));
		for (int i = 0; i < 3; i++) {
			assertThat(get("https://localhost:" + this.origin.port() + "/direct")).isEqualTo("origin");
			assertThat(get("https://127.0.0.1:" + this.origin.port() + "/proxied")).isEqualTo("origin");
		}
		assertThat(this.proxy.requestLines()).containsExactly("CONNECT 127.0.0.1:" + this.origin.port() + " HTTP/1.1");
		assertThat(this.origin.accepted()).isEqualTo(2);
		assertThat(this.transport.stats().routes()).hasSize(2);
		assertThat(this.transport.stats().routes().keySet()).anyMatch((r) -> r.proxy() == null)
			.anyMatch((r) -> r.proxy() != null);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void theSystemProxySelectorHonoursProxyHostAndNonProxyHosts() throws Exception {
		// the JDK's default selector always goes direct to loopback names, so the targets are names no DNS knows
		// (the test proxy tunnels any name to loopback), and the bypass is checked on the selection itself
		httpsOrigin();
		this.proxy = this.env.server(new TestProxy());
		Map<String, String> saved = new HashMap<>();
		for (String key : new String[] { "http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort",
				"http.nonProxyHosts" }) {
			saved.put(key, System.getProperty(key));
		}
		try {
			System.setProperty("http.proxyHost", "127.0.0.1");
			System.setProperty("http.proxyPort", Integer.toString(this.proxy.port()));
			System.setProperty("https.proxyHost", "127.0.0.1");
			System.setProperty("https.proxyPort", Integer.toString(this.proxy.port()));
			System.setProperty("http.nonProxyHosts", "*.bypass.invalid");
			this.transport = this.env
				.transport(TransportConfig.builder().tls(trusting()).proxySelector(ProxySelector.getDefault()).build());
			assertThat(get("http://example.test/")).isEqualTo("proxied http://example.test/");
			assertThat(get("https://origin.test:" + this.origin.port() + "/")).isEqualTo("origin");
			assertThat(this.transport.config().proxy().select("http", "direct.bypass.invalid", 80)).isNull();
		}
		finally {
			saved.forEach((k, v) -> {
				if (v == null) {
					System.clearProperty(k);
				}
				else {
					System.setProperty(k, v);
				}
			});
		}
		assertThat(this.proxy.requestLines()).containsExactly("GET http://example.test/ HTTP/1.1",
				"CONNECT origin.test:" + this.origin.port() + " HTTP/1.1");
		assertThat(this.origin.accepted()).isEqualTo(1);
	}

	private static String readToEof(InputStream in) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toString(StandardCharsets.ISO_8859_1);
	}
}
