package dev.eofpool.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import dev.eofpool.transport.internal.http1.HeaderRules;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * One request: method, absolute {@code http} URI, headers, an optional streaming body and per-request timeouts.
 * Immutable; built with {@link #builder(String, URI)}.
 */
public final class HttpRequest {

	private final String method;

	private final URI uri;

	private final HttpHeaders headers;

	private final RequestBody body;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final TlsSettings tls;

	private final CallListener listener;

	private HttpRequest(Builder b) {
		this.method = b.method;
		this.uri = b.uri;
		this.headers = (b.headers != null) ? b.headers.snapshot() : HttpHeaders.empty();
		this.body = b.body;
		this.connectTimeout = b.connectTimeout;
		this.readTimeout = b.readTimeout;
		this.tls = b.tls;
		this.listener = b.listener;
	}

	/**
	 * Starts a request.
	 * @param method an HTTP method token such as {@code GET}
	 * @param uri an absolute {@code http} (or {@code https}) URI with a host
	 * @throws IllegalArgumentException when the method is not a token or the URI is not absolute with a host
	 */
	public static Builder builder(String method, URI uri) {
		return new Builder(method, uri);
	}

	/** A GET of that URI with no headers. */
	public static HttpRequest get(URI uri) {
		return builder("GET", uri).build();
	}

	/** The request method, such as {@code GET}. */
	public String method() {
		return this.method;
	}

	/** The URI requested. */
	public URI uri() {
		return this.uri;
	}

	/** The request headers, in the order they are sent. */
	public HttpHeaders headers() {
		return this.headers;
	}

	/** The body, or {@code null} for none. */
	public RequestBody body() {
		return this.body;
	}

	/** Connect timeout for this request, or {@code null} for the transport's default. */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/** Read timeout for this request, or {@code null} for the transport's default. */
	public Duration readTimeout() {
		return this.readTimeout;
	}

	/** TLS settings for this {@code https} request, or {@code null} for the transport's. */
	public TlsSettings tls() {
		return this.tls;
	}

	/** This request's own call listener, told of its phases after the transport's; {@code null} for none. */
	public CallListener listener() {
		return this.listener;
	}

	/** Whether RFC 9110 calls the method idempotent, so a request that never got an answer may be sent again. */
	public boolean idempotent() {
		switch (this.method) {
			case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE":
				return true;
			default:
				return false;
		}
	}

	@Override
	public String toString() {
		return this.method + " " + this.uri;
	}

	/** Builds an {@link HttpRequest}. Not thread-safe. */
	public static final class Builder {

		private final String method;

		private final URI uri;

		/** Made with the first header: a request without one (many a GET) builds none. */
		private HttpHeaders.Builder headers;

		private RequestBody body;

		private Duration connectTimeout;

		private Duration readTimeout;

		private TlsSettings tls;

		private CallListener listener;

		private Builder(String method, URI uri) {
			Objects.requireNonNull(uri, "uri");
			if (!HeaderRules.isToken(method)) {
				throw new IllegalArgumentException("Invalid HTTP method '" + method + "'");
			}
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
			if (!"http".equals(scheme) && !"https".equals(scheme)) {
				throw new IllegalArgumentException("Unsupported URI scheme in '" + uri + "': only http and https");
			}
			if (uri.getHost() == null || uri.getHost().isEmpty()) {
				throw new IllegalArgumentException("URI '" + uri + "' has no host");
			}
			this.method = method;
			this.uri = uri;
		}

		/**
		 * Adds a header; see {@link HttpHeaders.Builder#add}.
		 * @throws IllegalArgumentException naming the header when the name or value is not allowed
		 */
		public Builder header(String name, String value) {
			HttpHeaders.Builder headers = this.headers;
			if (headers == null) {
				headers = HttpHeaders.builder();
				this.headers = headers;
			}
			headers.add(name, value);
			return this;
		}

		/** Sets the body ({@code null} for none). */
		public Builder body(RequestBody body) {
			this.body = body;
			return this;
		}

		/** Connect timeout for this request ({@code null} for the transport's default). */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = checkTimeout("connectTimeout", timeout);
			return this;
		}

		/**
		 * Read timeout for this request ({@code null} for the transport's default; zero waits forever); it bounds each
		 * blocking write of the request too.
		 */
		public Builder readTimeout(Duration timeout) {
			this.readTimeout = checkTimeout("readTimeout", timeout);
			return this;
		}

		/**
		 * TLS settings for this request when its URI is {@code https} ({@code null}: the transport's). Requests with
		 * different settings never share a connection; reuse one {@link TlsSettings} instance per configuration so
		 * that requests with the same one do.
		 */
		public Builder tls(TlsSettings settings) {
			this.tls = settings;
			return this;
		}

		/** A listener of this request's phases, besides the transport's ({@code null} for none). */
		public Builder listener(CallListener listener) {
			this.listener = listener;
			return this;
		}

		private static Duration checkTimeout(String name, Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative but was " + timeout);
			}
			return timeout;
		}

		/**
		 * The request, validated. The request holds a copy of the builder's headers, so a header added to the builder
		 * afterwards changes no request already built.
		 */
		public HttpRequest build() {
			return new HttpRequest(this);
		}
	}
}
