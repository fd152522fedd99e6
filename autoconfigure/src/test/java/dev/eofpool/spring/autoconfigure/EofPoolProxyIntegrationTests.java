package dev.eofpool.spring.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.testfixtures.TestProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eofpool.proxy.*} sends an injected {@link RestClient.Builder}'s requests through a loopback HTTP proxy, with
 * its credentials, on pooled connections (an {@code https} one through a {@code CONNECT} tunnel, secured by the SSL
 * bundle), and non-proxy hosts straight to their server; connections counted on the proxy and server side.
 */
@Timeout(30)
class EofPoolProxyIntegrationTests {

	private static final int CALLS = 10;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class));

	@TempDir
	private Path directory;

	@BeforeAll
	static void generateCertificate() {
		// keytool runs once per JVM, here rather than inside the first test's timeout
		TestCertificates.serverContext();
	}

	@Test
	void requestsGoThroughTheProxyExceptToNonProxyHosts() throws Exception {
		try (TestProxy proxy = new TestProxy(); TestHttpServer direct = new TestHttpServer()) {
			this.contextRunner
				.withPropertyValues("eofpool.proxy.host=127.0.0.1", "eofpool.proxy.port=" + proxy.port(),
						"eofpool.proxy.username=user", "eofpool.proxy.password=secret",
						"eofpool.proxy.non-proxy-hosts=localhost")
				.run((context) -> {
					RestClient client = context.getBean(RestClient.Builder.class).build();
					for (int i = 0; i < CALLS; i++) {
						assertThat(client.get().uri("http://origin.test/hello/{i}", i).retrieve().body(String.class))
							.isEqualTo("proxied http://origin.test/hello/" + i);
						assertThat(client.get().uri(direct.uri("/direct")).retrieve().body(String.class))
							.isEqualTo("Received GET request to /direct");
					}
				});
			assertThat(proxy.accepted()).isEqualTo(1);
			assertThat(proxy.requestLines()).hasSize(CALLS)
				.allSatisfy((line) -> assertThat(line).startsWith("GET http://origin.test/hello/"));
			assertThat(proxy.requestHeaders()).hasSize(CALLS)
				.allSatisfy((headers) -> assertThat(headers).contains("Proxy-Authorization: Basic dXNlcjpzZWNyZXQ="));
			assertThat(direct.connections()).isEqualTo(1);
		}
	}

	@Test
	void httpsGoesThroughOneReusedTunnelSecuredByTheBundle() throws Exception {
		Path trustStore = TestCertificates.writeTrustStore(this.directory.resolve("truststore.p12"));
		try (TestProxy proxy = new TestProxy();
				TestHttpServer https = TestHttpServer.https(TestCertificates.serverContext())) {
			this.contextRunner
				.withPropertyValues("eofpool.proxy.host=127.0.0.1", "eofpool.proxy.port=" + proxy.port(),
						"spring.ssl.bundle.jks.backend.truststore.location=" + trustStore.toUri(),
						"spring.ssl.bundle.jks.backend.truststore.password=" + TestCertificates.PASSWORD,
						"spring.http.clients.ssl.bundle=backend")
				.run((context) -> {
					RestClient client = context.getBean(RestClient.Builder.class).build();
					for (int i = 0; i < CALLS; i++) {
						assertThat(client.get().uri(https.uri("/secure/" + i)).retrieve().body(String.class))
							.isEqualTo("Received GET request to /secure/" + i);
					}
				});
			assertThat(proxy.accepted()).isEqualTo(1);
			assertThat(proxy.requestLines()).containsExactly("CONNECT localhost:" + https.port() + " HTTP/1.1");
			assertThat(https.connections()).isEqualTo(1);
		}
	}

}
