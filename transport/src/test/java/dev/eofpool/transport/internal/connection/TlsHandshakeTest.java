package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The handshake sends SNI for host names only (RFC 6066: never for address literals). */
class TlsHandshakeTest {

	@Test
	void addressLiteralsGetNoSni() {
		assertThat(TlsHandshake.isAddressLiteral("127.0.0.1")).isTrue();
		assertThat(TlsHandshake.isAddressLiteral("::1")).isTrue();
		assertThat(TlsHandshake.isAddressLiteral("localhost")).isFalse();
		assertThat(TlsHandshake.isAddressLiteral("1.example")).isFalse();
	}

	@Test
	void aTrailingDotIsNoPartOfTheServerName() {
		assertThat(TlsHandshake.serverName("example.com.")).isEqualTo("example.com");
		assertThat(TlsHandshake.serverName("example.com")).isEqualTo("example.com");
		assertThat(TlsHandshake.serverName("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(TlsHandshake.serverName(".")).isEqualTo(".");
	}
}
