package dev.eofpool.transport.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How {@code https} connections are secured: the {@link SSLContext} (trust and key material, and the session cache
 * that resumes TLS sessions), the enabled protocols and cipher suites, whether the server's certificate must match
 * the host name (on by default), and how long the handshake may take. Immutable; build with {@link #builder()}.
 * <p>
 * Two settings are {@link #equals equal} when they use the same {@code SSLContext} instance and the same protocols,
 * cipher suites, verification and timeout. Equal settings share pooled connections; unequal ones never do, because
 * they are part of the connection's {@code Route}. Reuse one instance (or one context) per trust configuration, so
 * its connections and its TLS sessions are shared.
 */
public final class TlsSettings {

	private final SSLContext context;

	private final List<String> protocols;

	private final List<String> cipherSuites;

	private final boolean hostnameVerification;

	private final Duration handshakeTimeout;

	/** {@link #hashCode()}, computed once: routes hash their TLS settings on every pool and meter lookup. */
	private final int hash;

	private TlsSettings(SSLContext context, List<String> protocols, List<String> cipherSuites,
			boolean hostnameVerification, Duration handshakeTimeout) {
		this.context = context;
		this.protocols = protocols;
		this.cipherSuites = cipherSuites;
		this.hostnameVerification = hostnameVerification;
		this.handshakeTimeout = handshakeTimeout;
		this.hash = Objects.hash(System.identityHashCode(context), protocols, cipherSuites, hostnameVerification,
				handshakeTimeout);
	}

	/** The JVM's default {@link SSLContext} (the default trust store), with hostname verification and defaults. */
	public static TlsSettings defaults() {
		return builder().build();
	}

	/** A builder for TLS settings. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these settings. */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.context = this.context;
		b.protocols = this.protocols;
		b.cipherSuites = this.cipherSuites;
		b.hostnameVerification = this.hostnameVerification;
		b.handshakeTimeout = this.handshakeTimeout;
		return b;
	}

	/** The SSL context that connections are made with. */
	public SSLContext sslContext() {
		return this.context;
	}

	/** The socket factory of {@link #sslContext()}. */
	public SSLSocketFactory socketFactory() {
		return this.context.getSocketFactory();
	}

	/** Enabled protocols; empty for the context's defaults. */
	public List<String> protocols() {
		return this.protocols;
	}

	/** Enabled cipher suites; empty for the context's defaults. */
	public List<String> cipherSuites() {
		return this.cipherSuites;
	}

	/** Whether the server's certificate must match the host name (endpoint identification {@code HTTPS}). */
	public boolean hostnameVerification() {
		return this.hostnameVerification;
	}

	/**
	 * The longest time the handshake of a new connection may take, or {@code null} (the default) when the connect
	 * timeout in force for the request bounds it, as it bounds the TCP connect.
	 */
	public Duration handshakeTimeout() {
		return this.handshakeTimeout;
	}

	/**
	 * The bound of a handshake: the explicit {@link #handshakeTimeout()} when one is set, else {@code connectTimeout}.
	 * @param connectTimeout the connect timeout in force for the request
	 */
	public Duration handshakeTimeout(Duration connectTimeout) {
		return (this.handshakeTimeout != null) ? this.handshakeTimeout : connectTimeout;
	}

	/** The protocols a handshake offers: the configured ones, else the context's defaults. */
	public List<String> offeredProtocols() {
		return this.protocols.isEmpty() ? List.of(this.context.getDefaultSSLParameters().getProtocols())
				: this.protocols;
	}

	/** The cipher suites a handshake offers: the configured ones, else the context's defaults. */
	public List<String> offeredCipherSuites() {
		return this.cipherSuites.isEmpty() ? List.of(this.context.getDefaultSSLParameters().getCipherSuites())
				: this.cipherSuites;
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof TlsSettings)) {
			return false;
		}
		TlsSettings other = (TlsSettings) o;
		return this.context == other.context && this.protocols.equals(other.protocols)
				&& this.cipherSuites.equals(other.cipherSuites) && this.hostnameVerification == other.hostnameVerification
				&& Objects.equals(this.handshakeTimeout, other.handshakeTimeout);
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	/** A short tag telling settings apart in route names and logs (never shows key material). */
	public String tag() {
		return "tls-" + Integer.toHexString(hashCode());
	}

	@Override
	public String toString() {
		return "TlsSettings[context=" + this.context.getProtocol() + "@"
				+ Integer.toHexString(System.identityHashCode(this.context))
				+ ", protocols=" + (this.protocols.isEmpty() ? "default" : this.protocols)
				+ ", cipherSuites=" + (this.cipherSuites.isEmpty() ? "default" : this.cipherSuites)
				+ ", hostnameVerification=" + this.hostnameVerification + ", handshakeTimeout=" + this.handshakeTimeout
				+ "]";
	}

	/** Collects TLS settings; {@link #build()} validates them. Not thread-safe. */
	public static final class Builder {

		private SSLContext context;

		private KeyStore trustStore;

		private KeyStore keyStore;

		private char[] keyPassword;

		private List<String> protocols = List.of();

		private List<String> cipherSuites = List.of();

		private boolean hostnameVerification = true;

		private Duration handshakeTimeout;

		private Builder() {
		}

		/** The context to use (its trust and key managers, and its session cache); replaces trust and key stores. */
		public Builder sslContext(SSLContext value) {
			this.context = Objects.requireNonNull(value, "sslContext");
			this.trustStore = null;
			this.keyStore = null;
			return this;
		}

		/** Certificates to trust instead of the JVM's default trust store (a new context is built from them). */
		public Builder trustStore(KeyStore value) {
			this.trustStore = Objects.requireNonNull(value, "trustStore");
			this.context = null;
			return this;
		}

		/** A client certificate and its key, for servers that ask for one (a new context is built from them). */
		public Builder keyStore(KeyStore value, char[] password) {
			this.keyStore = Objects.requireNonNull(value, "keyStore");
			this.keyPassword = (password != null) ? password.clone() : null;
			this.context = null;
			return this;
		}

		/** Protocols to enable, such as {@code TLSv1.3}; none (the default) keeps the context's defaults. */
		public Builder protocols(String... values) {
			return protocols(Arrays.asList(values));
		}

		/** The protocols to enable, such as {@code TLSv1.3} (none: the context's defaults). */
		public Builder protocols(List<String> values) {
			this.protocols = copy(values);
			return this;
		}

		/** Cipher suites to enable; none (the default) keeps the context's defaults. */
		public Builder cipherSuites(String... values) {
			return cipherSuites(Arrays.asList(values));
		}

		/** The cipher suites to enable (none: the context's defaults). */
		public Builder cipherSuites(List<String> values) {
			this.cipherSuites = copy(values);
			return this;
		}

		/**
		 * Whether the server's certificate must match the host name. On by default; turn it off only for tests
		 * against servers whose certificates cannot be fixed.
		 */
		public Builder hostnameVerification(boolean value) {
			this.hostnameVerification = value;
			return this;
		}

		/**
		 * Longest time the TLS handshake of a new connection may take; {@code null} (the default) for the connect
		 * timeout in force for the request.
		 */
		public Builder handshakeTimeout(Duration value) {
			this.handshakeTimeout = value;
			return this;
		}

		private static List<String> copy(List<String> values) {
			return (values != null) ? List.copyOf(values) : List.of();
		}

		/**
		 * Validates the settings and builds the context when trust or key material was given.
		 * @throws IllegalArgumentException naming the setting that is not allowed, and its value
		 */
		public TlsSettings build() {
			if (this.handshakeTimeout != null && (this.handshakeTimeout.isNegative() || this.handshakeTimeout.isZero())) {
				throw new IllegalArgumentException("tls.handshakeTimeout must be a positive duration but was "
						+ this.handshakeTimeout);
			}
			SSLContext ctx = (this.context != null) ? this.context : createContext();
			SSLParameters supported = ctx.getSupportedSSLParameters();
			checkSupported("tls.protocols", this.protocols, supported.getProtocols());
			checkSupported("tls.cipherSuites", this.cipherSuites, supported.getCipherSuites());
			return new TlsSettings(ctx, this.protocols, this.cipherSuites, this.hostnameVerification,
					this.handshakeTimeout);
		}

		private SSLContext createContext() {
			if (this.trustStore == null && this.keyStore == null) {
				try {
					return SSLContext.getDefault();
				}
				catch (NoSuchAlgorithmException ex) {
					throw new IllegalStateException("The JVM has no default SSLContext", ex);
				}
			}
			try {
				TrustManagerFactory tmf = null;
				if (this.trustStore != null) {
					tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
					tmf.init(this.trustStore);
				}
				KeyManagerFactory kmf = null;
				if (this.keyStore != null) {
					kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
					kmf.init(this.keyStore, this.keyPassword);
				}
				SSLContext ctx = SSLContext.getInstance("TLS");
				ctx.init((kmf != null) ? kmf.getKeyManagers() : null, (tmf != null) ? tmf.getTrustManagers() : null,
						null);
				return ctx;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalArgumentException("tls trust or key store cannot be used: " + ex.getMessage(), ex);
			}
		}

		private static void checkSupported(String name, List<String> wanted, String[] supported) {
			List<String> known = Arrays.asList(supported);
			List<String> unknown = new ArrayList<>();
			for (String w : wanted) {
				if (w == null || !known.contains(w)) {
					unknown.add(w);
				}
			}
			if (!unknown.isEmpty()) {
				throw new IllegalArgumentException(name + " contains values this SSLContext does not support: "
						+ unknown + " (supported: " + known + ")");
			}
		}
	}
}
