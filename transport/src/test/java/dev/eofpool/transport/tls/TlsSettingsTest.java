package dev.eofpool.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.transport.Route;

/** TLS settings are validated once, naming the setting, and their identity decides which connections are shared. */
class TlsSettingsTest {

	@Test
	void defaultsUseTheJvmContextWithHostnameVerification() throws Exception {
		TlsSettings tls = TlsSettings.defaults();
		assertThat(tls.sslContext()).isSameAs(SSLContext.getDefault());
		assertThat(tls.hostnameVerification()).isTrue();
		assertThat(tls.handshakeTimeout()).isNull(); // unset: the connect timeout bounds the handshake
		assertThat(tls.handshakeTimeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
		assertThat(tls.toBuilder().handshakeTimeout(Duration.ofSeconds(5)).build().handshakeTimeout(Duration.ofSeconds(2)))
			.isEqualTo(Duration.ofSeconds(5));
		assertThat(tls.protocols()).isEmpty();
		assertThat(tls.offeredProtocols()).isNotEmpty();
		assertThat(tls).isEqualTo(TlsSettings.defaults()).hasSameHashCodeAs(TlsSettings.defaults());
	}

	@Test
	void handshakeTimeoutMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TlsSettings.builder().handshakeTimeout(Duration.ZERO).build())
			.withMessage("tls.handshakeTimeout must be a positive duration but was PT0S");
	}

	@Test
	void unsupportedProtocolsAndCipherSuitesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> TlsSettings.builder().protocols("TLSv9").build())
			.withMessageStartingWith("tls.protocols contains values this SSLContext does not support: [TLSv9]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TlsSettings.builder().cipherSuites("TLS_AES_128_GCM_SHA256", "NOPE").build())
			.withMessageStartingWith("tls.cipherSuites contains values this SSLContext does not support: [NOPE]");
	}

	@Test
	void equalityFollowsTheContextInstanceAndTheParameters() {
		TlsSettings a = TlsSettings.builder().trustStore(TestCertificates.trustStore()).build();
		TlsSettings sameContext = TlsSettings.builder().sslContext(a.sslContext()).build();
		TlsSettings otherContext = TlsSettings.builder().trustStore(TestCertificates.trustStore()).build();
		assertThat(sameContext).isEqualTo(a);
		assertThat(otherContext).isNotEqualTo(a); // a new context has its own session cache: not interchangeable
		assertThat(a.toBuilder().protocols("TLSv1.3").build()).isNotEqualTo(a);
		assertThat(a.toBuilder().cipherSuites("TLS_AES_128_GCM_SHA256").build()).isNotEqualTo(a);
		assertThat(a.toBuilder().hostnameVerification(false).build()).isNotEqualTo(a);
		assertThat(a.toString()).contains("hostnameVerification=true").doesNotContain("changeit");
	}

	@Test
	void routesWithDifferentTlsSettingsDiffer() {
		TlsSettings a = TlsSettings.builder().trustStore(TestCertificates.trustStore()).build();
		Route plain = Route.of(URI.create("https://Example.COM/x"));
		assertThat(plain).isEqualTo(new Route("https", "example.com", 443));
		assertThat(plain.withTls(a)).isNotEqualTo(plain).isEqualTo(plain.withTls(a.toBuilder().build()));
		assertThat(plain.withTls(a).hostPort()).isEqualTo("example.com:443");
		assertThat(plain.withTls(a).toString()).isEqualTo("https://example.com:443 (" + a.tag() + ")");
	}
}
