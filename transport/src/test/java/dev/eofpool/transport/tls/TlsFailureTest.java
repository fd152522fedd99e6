package dev.eofpool.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TransportExtension;

/**
 * Every TLS failure is a {@link TlsHandshakeException} (an {@link SSLHandshakeException}) that says what went wrong
 * and names the route. The cipher cases mirror Spring Boot's builder conformance cases: with trust material the call
 * succeeds, without it the handshake fails, and with mismatched cipher suites (the server allows only
 * {@code TLS_AES_128_GCM_SHA256}, the client only {@code TLS_AES_256_GCM_SHA384}) the handshake fails.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsFailureTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	private void serve(ServerTls tls) throws Exception {
		this.server = this.env.responding(tls, (c, r) -> c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
	}

	private URI uri() {
		return URI.create("https://localhost:" + this.server.port() + "/");
	}

	private HttpResponse send(TlsSettings tls) throws Exception {
		this.transport = this.env.transport(TransportConfig.builder().tls(tls).build());
		return this.transport.send(HttpRequest.get(uri()));
	}

	private void assertFails(TlsSettings tls, TlsFailure failure, String... messageParts) {
		assertThatThrownBy(() -> send(tls)).isInstanceOfSatisfying(TlsHandshakeException.class, (ex) -> {
			assertThat(ex.failure()).isEqualTo(failure);
			assertThat(ex).isInstanceOf(SSLHandshakeException.class);
			assertThat(ex.getMessage()).startsWith("TLS handshake with https://localhost:" + this.server.port() + " failed: ")
				.contains(failure.description());
			for (String part : messageParts) {
				assertThat(ex.getMessage()).contains(part);
			}
		});
		PoolAssertions.assertBalanced(this.transport.stats());
		assertThat(this.transport.stats().total().open()).isZero();
	}

	@Test
	void trustedCertificateWithTheRightNameWorks() throws Exception {
		serve(ServerTls.of(TestCertificates.LOCALHOST));
		HttpResponse response = send(TlsTest.trusting());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().readAllBytes()).containsExactly('o', 'k');
	}

	@Test
	void aCertificateForAnotherNameFailsHostnameVerification() throws Exception {
		serve(ServerTls.of(TestCertificates.WRONG_NAME));
		assertFails(TlsTest.trusting(), TlsFailure.HOSTNAME_MISMATCH, "localhost");
	}

	@Test
	void aFullyQualifiedNameWithATrailingDotIsSentAndVerifiedWithoutTheDot() throws Exception {
		// "origin.test." is the same name as "origin.test" (RFC 1034 3.1); SNI carries no trailing dot (RFC 6066 3)
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		serve(tls);
		this.transport = this.env.transport(TransportConfig.builder().tls(TlsTest.trusting())
			.resolver((host) -> List.of(InetAddress.getLoopbackAddress())).build());
		URI uri = URI.create("https://origin.test.:" + this.server.port() + "/");
		try (HttpResponse response = this.transport.send(HttpRequest.get(uri))) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body().readAllBytes()).containsExactly('o', 'k');
		}
		assertThat(((ExtendedSSLSession) tls.handshakes().get(0)).getRequestedServerNames())
			.containsExactly(new SNIHostName("origin.test"));
		// the name still has to match the certificate: the dot is no way around hostname verification
		URI wrong = URI.create("https://wrong.example.:" + this.server.port() + "/");
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(wrong)))
			.isInstanceOfSatisfying(TlsHandshakeException.class,
					(ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
			.hasMessageContaining("https://wrong.example.:" + this.server.port());
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void hostnameVerificationCanBeTurnedOff() throws Exception {
		serve(ServerTls.of(TestCertificates.WRONG_NAME));
		try (HttpResponse response = send(TlsTest.trusting().toBuilder().hostnameVerification(false).build())) {
			assertThat(response.status()).isEqualTo(200);
		}
	}

	@Test
	void anUntrustedCertificateFails() throws Exception {
		serve(ServerTls.of(TestCertificates.UNTRUSTED));
		assertFails(TlsTest.trusting(), TlsFailure.UNTRUSTED_CERTIFICATE, "unable to find valid certification path");
	}

	@Test
	void withoutTrustMaterialTheJvmDefaultsRejectTheTestCertificate() throws Exception {
		// Boot's "no SSL bundle" case: the default trust store does not know the server
		serve(ServerTls.of(TestCertificates.LOCALHOST));
		assertFails(TlsSettings.defaults(), TlsFailure.UNTRUSTED_CERTIFICATE);
	}

	@Test
	void noCipherSuiteInCommonFailsNamingWhatTheClientOffered() throws Exception {
		serve(ServerTls.of(TestCertificates.LOCALHOST).cipherSuites("TLS_AES_128_GCM_SHA256"));
		TlsSettings tls = TlsTest.trusting().toBuilder().cipherSuites("TLS_AES_256_GCM_SHA384").build();
		assertFails(tls, TlsFailure.CIPHER_MISMATCH, "TLS_AES_256_GCM_SHA384");
	}

	@Test
	void matchingCipherSuitesWork() throws Exception {
		serve(ServerTls.of(TestCertificates.LOCALHOST).cipherSuites("TLS_AES_128_GCM_SHA256"));
		TlsSettings tls = TlsTest.trusting().toBuilder().cipherSuites("TLS_AES_128_GCM_SHA256").build();
		try (HttpResponse response = send(tls)) {
			assertThat(response.status()).isEqualTo(200);
		}
	}

	@Test
	void noProtocolInCommonFails() throws Exception {
		serve(ServerTls.of(TestCertificates.LOCALHOST).protocols("TLSv1.3"));
		assertFails(TlsTest.trusting().toBuilder().protocols("TLSv1.2").build(), TlsFailure.PROTOCOL_MISMATCH,
				"TLSv1.2");
	}

	@Test
	void aPlainHttpServerOnTheHttpsPortFails() throws Exception {
		this.server = this.env.start((c) -> c.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
		assertFails(TlsTest.trusting(), TlsFailure.CLOSED_DURING_HANDSHAKE);
	}
}
