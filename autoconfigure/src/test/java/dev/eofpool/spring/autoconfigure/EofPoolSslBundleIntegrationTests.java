package dev.eofpool.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import javax.net.ssl.SSLHandshakeException;

import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestHttpServer;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An SSL bundle configured the Spring Boot way ({@code spring.ssl.bundle.jks.*} with a trust store file, chosen by
 * {@code spring.http.clients.ssl.bundle}) takes an injected {@link RestClient.Builder} to an HTTPS server on pooled
 * connections, counted on the server side.
 */
@Timeout(30)
class EofPoolSslBundleIntegrationTests {

	private static final int CALLS = 20;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class));

	@TempDir
	private Path directory;

	private TestHttpServer server;

	@BeforeAll
	static void generateCertificate() {
		// keytool runs once per JVM, here rather than inside the first test's timeout
		TestCertificates.serverContext();
	}

	@BeforeEach
	void startServer() throws IOException {
		this.server = TestHttpServer.https(TestCertificates.serverContext());
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void restClientReachesTheHttpsServerThroughTheBundleOnOneConnection() {
		Path trustStore = TestCertificates.writeTrustStore(this.directory.resolve("truststore.p12"));
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.jks.backend.truststore.location=" + trustStore.toUri(),
					"spring.ssl.bundle.jks.backend.truststore.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.backend.truststore.type=PKCS12",
					"spring.http.clients.ssl.bundle=backend")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.Builder.class)
					.baseUrl(this.server.uri("").toString())
					.build();
				for (int i = 0; i < CALLS; i++) {
					assertThat(client.get().uri("/call/{i}", i).retrieve().body(String.class))
						.isEqualTo("Received GET request to /call/" + i);
				}
				assertThat(this.server.connections()).isEqualTo(1);
				assertThat(context.getBean(HttpTransport.class).stats().total().requests()).isEqualTo(CALLS);
			});
	}

	@Test
	void withoutTheBundleTheHandshakeFails() {
		this.contextRunner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.get().uri(this.server.uri("/")).retrieve().body(String.class))
				.withCauseInstanceOf(SSLHandshakeException.class);
		});
	}

}
