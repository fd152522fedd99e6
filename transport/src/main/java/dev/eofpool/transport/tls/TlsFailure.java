package dev.eofpool.transport.tls;

/** Why a TLS handshake failed, as far as the client can tell. */
public enum TlsFailure {

	/** The server's certificate chain does not lead to a trusted certificate (or is expired or invalid). */
	UNTRUSTED_CERTIFICATE("the server's certificate is not trusted"),

	/** The certificate is trusted but issued for other names than the host (endpoint identification failed). */
	HOSTNAME_MISMATCH("the server's certificate does not match the host name"),

	/** Client and server have no protocol version in common. */
	PROTOCOL_MISMATCH("client and server have no TLS protocol version in common"),

	/** The server rejected the handshake parameters, typically because no cipher suite is in common. */
	CIPHER_MISMATCH("the server rejected the handshake: no cipher suite (or other parameter) in common"),

	/** The handshake did not finish within the handshake timeout. */
	HANDSHAKE_TIMEOUT("the handshake timed out"),

	/** The server closed the connection during the handshake, or answered with something other than TLS. */
	CLOSED_DURING_HANDSHAKE("the server closed the connection during the handshake or does not speak TLS on this port"),

	/** Any other handshake failure. */
	OTHER("the handshake failed");

	private final String description;

	TlsFailure(String description) {
		this.description = description;
	}

	/** A sentence fragment describing the failure. */
	public String description() {
		return this.description;
	}
}
