package dev.eofpool.spring;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLHandshakeException;

import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.tls.TlsHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cases Spring Boot runs for its own {@code ClientHttpRequestFactoryBuilder}s (timeouts read back; SSL bundle
 * used, missing and with options the server refuses; redirects by default, followed and not followed, for each
 * method), plus redirect and connection-sharing details of our own, against real servers.
 */
@Timeout(20)
class EofPoolClientHttpRequestFactoryBuilderTests {

	private TestHttpServer server;

	private HttpTransport transport;

	private EofPoolClientHttpRequestFactoryBuilder builder;

	@BeforeAll
	static void generateCertificate() {
		// keytool runs once per JVM, here rather than inside the first test's timeout
		TestCertificates.serverContext();
	}

	@BeforeEach
	void setUp() throws IOException {
		this.server = new TestHttpServer();
		this.transport = HttpTransport.create();
		this.builder = new EofPoolClientHttpRequestFactoryBuilder(this.transport);
	}

	@AfterEach
	void tearDown() {
		this.transport.close();
		this.server.close();
	}

	@Test
	void buildReturnsRequestFactoryOfExpectedType() {
		assertThat(this.builder.build()).isInstanceOf(EofPoolClientHttpRequestFactory.class);
	}

	@Test
	void buildWhenHasConnectTimeout() {
		EofPoolClientHttpRequestFactory factory = this.builder
			.build(HttpClientSettings.defaults().withConnectTimeout(Duration.ofSeconds(60)));
		assertThat(factory.getConnectTimeout()).isNotNull();
		assertThat(factory.getConnectTimeout().toMillis()).isEqualTo(60000);
	}

	@Test
	void buildWhenHadReadTimeout() {
		EofPoolClientHttpRequestFactory factory = this.builder
			.build(HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(120)));
		assertThat(factory.getReadTimeout()).isNotNull();
		assertThat(factory.getReadTimeout().toMillis()).isEqualTo(120000);
	}

	@Test
	void buildWithoutSettingsLeavesTimeoutsToTheTransport() {
		EofPoolClientHttpRequestFactory factory = this.builder.build();
		assertThat(factory.getConnectTimeout()).isNull();
		assertThat(factory.getReadTimeout()).isNull();
		assertThat(factory.isFollowRedirects()).isTrue();
	}

	@Test
	void everyFactorySharesTheTransportAndNeverClosesIt() throws Exception {
		EofPoolClientHttpRequestFactory first = this.builder.build();
		EofPoolClientHttpRequestFactory second = this.builder.build(HttpClientSettings.defaults());
		assertThat(first).isNotSameAs(second);
		assertThat(first.getTransport()).isSameAs(this.transport).isSameAs(second.getTransport());
		execute(first, HttpMethod.GET, "/status/ok");
		execute(second, HttpMethod.GET, "/status/ok");
		first.destroy();
		second.close();
		assertThat(this.transport.isClosed()).isFalse();
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void connectWithSslBundle(String method) throws Exception {
		try (TestHttpServer https = TestHttpServer.https(TestCertificates.serverContext())) {
			ClientHttpRequest withoutBundle = this.builder.build()
				.createRequest(https.uri("/"), HttpMethod.valueOf(method));
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(withoutBundle::execute);
			EofPoolClientHttpRequestFactory factory = this.builder
				.build(HttpClientSettings.ofSslBundle(TestSslBundles.trusting()));
			ClientHttpRequest request = factory.createRequest(https.uri("/"), HttpMethod.valueOf(method));
			try (ClientHttpResponse response = request.execute()) {
				assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
				assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
					.contains("Received " + method + " request to /");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void connectWithSslBundleAndOptionsMismatch(String method) throws Exception {
		try (TestHttpServer https = TestHttpServer.https(TestCertificates.serverContext(), "TLS_AES_128_GCM_SHA256")) {
			SslBundle bundle = TestSslBundles
				.trusting(SslOptions.of(Set.of("TLS_AES_256_GCM_SHA384"), Set.of("TLSv1.3")));
			ClientHttpRequest request = this.builder.build(HttpClientSettings.ofSslBundle(bundle))
				.createRequest(https.uri("/"), HttpMethod.valueOf(method));
			// the JDK's HttpsServer drops the connection without an alert, so the transport cannot tell a cipher
			// mismatch from a server that closed: the type is what Boot's own builders are held to
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(request::execute)
				.isInstanceOf(TlsHandshakeException.class)
				.withMessageContaining("localhost:" + https.port());
			assertThat(this.transport.stats().total().leased()).isZero();
		}
	}

	@Test
	void buildWithSslBundleGivesTheFactoryItsTlsSettingsAndLeavesTheTransportAlone() {
		SslBundle bundle = TestSslBundles.trusting();
		EofPoolClientHttpRequestFactory factory = this.builder.build(HttpClientSettings.ofSslBundle(bundle));
		assertThat(factory.getTls()).isNotNull();
		assertThat(factory.getTls().sslContext()).isNotNull();
		assertThat(this.builder.build().getTls()).isNull();
		assertThat(this.transport.config().tls()).isNull();
	}

	@Test
	void factoriesBuiltFromOneBundleShareTlsSettingsAndConnections() throws Exception {
		SslBundle bundle = TestSslBundles.trusting();
		EofPoolClientHttpRequestFactory first = this.builder.build(HttpClientSettings.ofSslBundle(bundle));
		EofPoolClientHttpRequestFactory second = this.builder.withCustomizer((factory) -> factory.setMaxRedirects(3))
			.build(HttpClientSettings.ofSslBundle(bundle).withReadTimeout(Duration.ofSeconds(5)));
		assertThat(second.getTls()).isSameAs(first.getTls());
		assertThat(this.builder.build(HttpClientSettings.ofSslBundle(TestSslBundles.trusting())).getTls())
			.isNotSameAs(first.getTls());
		try (TestHttpServer https = TestHttpServer.https(TestCertificates.serverContext())) {
			for (int i = 0; i < 5; i++) {
				execute(first, HttpMethod.GET, https.uri("/status/ok"));
				execute(second, HttpMethod.POST, https.uri("/status/ok"));
			}
			assertThat(https.connections()).isEqualTo(1);
		}
	}

	@Test
	void redirectOverHttpsKeepsTheBundle() throws Exception {
		EofPoolClientHttpRequestFactory factory = this.builder
			.build(HttpClientSettings.ofSslBundle(TestSslBundles.trusting()));
		try (TestHttpServer https = TestHttpServer.https(TestCertificates.serverContext())) {
			ClientHttpRequest request = factory.createRequest(https.uri("/redirect"), HttpMethod.GET);
			try (ClientHttpResponse response = request.execute()) {
				assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
				assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
					.isEqualTo("Received GET request to /redirected");
			}
			assertThat(https.connections()).isEqualTo(1);
		}
	}

	@Test
	void bundleIsNotUsedForPlainHttp() throws Exception {
		EofPoolClientHttpRequestFactory factory = this.builder
			.build(HttpClientSettings.ofSslBundle(TestSslBundles.trusting()));
		execute(factory, HttpMethod.GET, "/status/ok");
		execute(this.builder.build(), HttpMethod.GET, "/status/ok");
		assertThat(this.server.connections()).isEqualTo(1);
	}

	@Test
	void withCustomizersAppliesThemInOrder() {
		List<String> calls = new ArrayList<>();
		EofPoolClientHttpRequestFactoryBuilder customized = this.builder
			.withCustomizer((factory) -> calls.add("first"))
			.withCustomizers(List.of((factory) -> calls.add("second"), (factory) -> factory.setMaxRedirects(3)));
		EofPoolClientHttpRequestFactory factory = customized.build();
		assertThat(calls).containsExactly("first", "second");
		assertThat(factory.getMaxRedirects()).isEqualTo(3);
		assertThat(this.builder.build().getMaxRedirects())
			.isEqualTo(EofPoolClientHttpRequestFactory.DEFAULT_MAX_REDIRECTS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "PATCH", "DELETE" })
	void redirectDefault(String method) throws Exception {
		assertFollowed(this.builder.build(), HttpMethod.valueOf(method));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "PATCH", "DELETE" })
	void redirectFollow(String method) throws Exception {
		assertFollowed(this.builder.build(HttpClientSettings.defaults().withRedirects(HttpRedirects.FOLLOW)),
				HttpMethod.valueOf(method));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "PATCH", "DELETE" })
	void redirectFollowWhenPossible(String method) throws Exception {
		assertFollowed(
				this.builder.build(HttpClientSettings.defaults().withRedirects(HttpRedirects.FOLLOW_WHEN_POSSIBLE)),
				HttpMethod.valueOf(method));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST", "PUT", "PATCH", "DELETE" })
	void redirectDontFollow(String method) throws Exception {
		ClientHttpRequestFactory factory = this.builder
			.build(HttpClientSettings.defaults().withRedirects(HttpRedirects.DONT_FOLLOW));
		ClientHttpRequest request = factory.createRequest(this.server.uri("/redirect"), HttpMethod.valueOf(method));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FOUND);
			assertThat(response.getHeaders().getLocation()).hasToString("/redirected");
		}
	}

	@Test
	void followedRedirectBodyIsDrainedSoItsConnectionIsReused() throws Exception {
		EofPoolClientHttpRequestFactory factory = this.builder.build();
		for (int i = 0; i < 3; i++) {
			assertFollowed(factory, HttpMethod.GET);
		}
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.transport.stats().total().requests()).isEqualTo(6);
	}

	@Test
	void postAnswered303ContinuesAsGetWithoutBody() throws Exception {
		ClientHttpRequest request = this.builder.build()
			.createRequest(this.server.uri("/redirect/303"), HttpMethod.POST);
		byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
		request.getHeaders().setContentLength(body.length);
		request.getHeaders().add("Content-Type", "text/plain");
		((StreamingHttpOutputMessage) request).setBody(body);
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
				.isEqualTo("Received GET request to /redirected");
		}
		assertThat(this.server.takeRequest().bodyText()).isEqualTo("payload");
		TestHttpServer.Recorded redirected = this.server.takeRequest();
		assertThat(redirected.body()).isEmpty();
		assertThat(redirected.header("Content-type")).isNull();
	}

	@Test
	void temporaryRedirectKeepsMethodAndReplayableBody() throws Exception {
		ClientHttpRequest request = this.builder.build()
			.createRequest(this.server.uri("/redirect/307"), HttpMethod.POST);
		byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
		request.getHeaders().setContentLength(body.length);
		((StreamingHttpOutputMessage) request).setBody(body);
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
				.isEqualTo("Received POST request to /redirected");
		}
		this.server.takeRequest();
		assertThat(this.server.takeRequest().bodyText()).isEqualTo("payload");
	}

	@Test
	void temporaryRedirectReplaysABodyWrittenThroughGetBody() throws Exception {
		ClientHttpRequest request = this.builder.build()
			.createRequest(this.server.uri("/redirect/307"), HttpMethod.POST);
		request.getBody().write("payload".getBytes(StandardCharsets.UTF_8));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8))
				.isEqualTo("Received POST request to /redirected");
		}
		this.server.takeRequest();
		assertThat(this.server.takeRequest().bodyText()).isEqualTo("payload");
	}

	@Test
	void temporaryRedirectWithBodyThatCannotBeReplayedIsReturned() throws Exception {
		ClientHttpRequest request = this.builder.build()
			.createRequest(this.server.uri("/redirect/308"), HttpMethod.PUT);
		((StreamingHttpOutputMessage) request).setBody((out) -> out.write('x'));
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.PERMANENT_REDIRECT);
		}
	}

	@Test
	void credentialsAreNotSentToAnotherOrigin() throws Exception {
		try (TestHttpServer other = new TestHttpServer()) {
			ClientHttpRequest request = this.builder.build()
				.createRequest(this.server.uri("/away?to=" + other.uri("/echo")), HttpMethod.GET);
			request.getHeaders().setBasicAuth("user", "secret");
			request.getHeaders().add("Cookie", "session=1");
			request.getHeaders().add("X-Trace", "kept");
			try (ClientHttpResponse response = request.execute()) {
				assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			}
			assertThat(this.server.takeRequest().header("Authorization")).isNotNull();
			TestHttpServer.Recorded redirected = other.takeRequest();
			assertThat(redirected.header("Authorization")).isNull();
			assertThat(redirected.header("Cookie")).isNull();
			assertThat(redirected.header("X-trace")).isEqualTo("kept");
		}
	}

	@Test
	void redirectLoopFailsAfterMaxRedirects() throws Exception {
		EofPoolClientHttpRequestFactory factory = this.builder.build();
		factory.setMaxRedirects(4);
		ClientHttpRequest request = factory.createRequest(this.server.uri("/loop"), HttpMethod.GET);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(request::execute)
			.withMessageContaining("more than 4");
		assertThat(this.transport.stats().total().leased()).isZero();
	}

	@Test
	void tooManyRedirectsNamesTheLastHopAndTheSettingThatRaisesTheLimit() throws Exception {
		EofPoolClientHttpRequestFactory factory = this.builder.build();
		factory.setMaxRedirects(2);
		ClientHttpRequest request = factory.createRequest(this.server.uri("/loop"), HttpMethod.GET);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(request::execute)
			.withMessageContaining("more than 2 for GET " + this.server.uri("/loop"))
			.withMessageContaining("the last one from " + this.server.uri("/loop"))
			.withMessageEndingWith("; to follow more raise EofPoolClientHttpRequestFactory.setMaxRedirects");
	}

	private void assertFollowed(ClientHttpRequestFactory factory, HttpMethod method) throws IOException {
		ClientHttpRequest request = factory.createRequest(this.server.uri("/redirect"), method);
		try (ClientHttpResponse response = request.execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)).contains("/redirected");
		}
	}

	private void execute(ClientHttpRequestFactory factory, HttpMethod method, String path) throws IOException {
		execute(factory, method, this.server.uri(path));
	}

	private void execute(ClientHttpRequestFactory factory, HttpMethod method, URI uri) throws IOException {
		try (ClientHttpResponse response = factory.createRequest(uri, method).execute()) {
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		}
	}

}
