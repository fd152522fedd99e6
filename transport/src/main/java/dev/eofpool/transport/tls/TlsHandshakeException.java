package dev.eofpool.transport.tls;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS handshake failed. The message names the route and what went wrong; {@link #failure()} classifies it and the
 * cause is the JDK's own exception. An {@link SSLHandshakeException} (so an {@code IOException}) for every kind of
 * handshake failure, a timeout included, so callers catch one type for "TLS did not work".
 */
public final class TlsHandshakeException extends SSLHandshakeException {

	private static final long serialVersionUID = 1L;

	private final transient TlsFailure failure;

	/** Creates the exception with a message naming the route, the kind of failure and the JDK's exception. */
	public TlsHandshakeException(String message, TlsFailure failure, Throwable cause) {
		super(message);
		this.failure = failure;
		initCause(cause);
	}

	/** What kind of failure it was. */
	public TlsFailure failure() {
		return this.failure;
	}
}
