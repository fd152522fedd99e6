package dev.eofpool.spring;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.tls.TlsSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;

/**
 * {@link ClientHttpRequestFactory} that sends requests through an eofpool {@link HttpTransport}: pooled HTTP/1.1
 * keep-alive connections that go back to the pool when a response body reaches its end or is closed.
 * <p>
 * A factory made with the no-arg constructor owns a transport with production defaults and closes it in
 * {@link #close()} / {@link #destroy()}. A factory made from a shared transport holds no resources of its own: closing
 * it never closes that transport, so many factories (one per {@code RestClient}, say) can share one pool.
 * <p>
 * Request bodies are streamed; response bodies are the transport's EOF-gated streams. Redirects are followed by
 * default (see {@link #setFollowRedirects(boolean)}); the body of each redirect response is drained so its connection
 * is reused. {@code https} requests use the factory's {@link #setTls(TlsSettings) TLS settings} when it has some (an
 * SSL bundle's, say), else the transport's.
 *
 * @see EofPoolClientHttpRequestFactoryBuilder
 */
public class EofPoolClientHttpRequestFactory implements ClientHttpRequestFactory, DisposableBean, AutoCloseable {

	/** Default limit of redirects followed for one request. */
	public static final int DEFAULT_MAX_REDIRECTS = 10;

	private final HttpTransport transport;

	private final boolean ownsTransport;

	private volatile @Nullable Duration connectTimeout;

	private volatile @Nullable Duration readTimeout;

	private volatile boolean followRedirects = true;

	private volatile int maxRedirects = DEFAULT_MAX_REDIRECTS;

	private volatile @Nullable TlsSettings tls;

	private volatile @Nullable CookieHandler cookieHandler;

	/** Every setting above, as each request gets them: rebuilt by the setters, so a request copies nothing. */
	private volatile EofPoolClientHttpRequest.Options options;

	/** Orders the setters' rebuilds of {@link #options}, so the last one sees every setting written. */
	private final ReentrantLock optionsLock = new ReentrantLock();

	/**
	 * Creates a factory on a transport of its own, with production defaults; {@link #close()} closes it.
	 */
	public EofPoolClientHttpRequestFactory() {
		this(HttpTransport.create(), true);
	}

	/**
	 * Creates a factory on a shared transport; {@link #close()} leaves the transport open: its owner closes it.
	 * @param transport the transport to send requests through
	 */
	public EofPoolClientHttpRequestFactory(HttpTransport transport) {
		this(transport, false);
	}

	private EofPoolClientHttpRequestFactory(HttpTransport transport, boolean ownsTransport) {
		Assert.notNull(transport, "'transport' must not be null");
		this.transport = transport;
		this.ownsTransport = ownsTransport;
		this.options = currentOptions();
	}

	private void refreshOptions() {
		this.optionsLock.lock();
		try {
			this.options = currentOptions();
		}
		finally {
			this.optionsLock.unlock();
		}
	}

	private EofPoolClientHttpRequest.Options currentOptions() {
		return new EofPoolClientHttpRequest.Options(this.connectTimeout, this.readTimeout,
				this.followRedirects ? this.maxRedirects : 0, this.tls, this.cookieHandler);
	}

	/**
	 * Sets the connect timeout of the requests made by this factory; {@code null} uses the transport's default for the
	 * host.
	 * @param connectTimeout the connect timeout, not negative
	 */
	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		Assert.isTrue(connectTimeout == null || !connectTimeout.isNegative(), "'connectTimeout' must not be negative");
		this.connectTimeout = connectTimeout;
		refreshOptions();
	}

	/**
	 * Sets the read timeout (longest wait for each read of the response) of the requests made by this factory;
	 * {@code null} uses the transport's default for the host, {@link Duration#ZERO} waits forever.
	 * @param readTimeout the read timeout, not negative
	 */
	public void setReadTimeout(@Nullable Duration readTimeout) {
		Assert.isTrue(readTimeout == null || !readTimeout.isNegative(), "'readTimeout' must not be negative");
		this.readTimeout = readTimeout;
		refreshOptions();
	}

	/**
	 * Sets whether redirects ({@code 301}, {@code 302}, {@code 303}, {@code 307}, {@code 308} with a
	 * {@code Location}) are followed. When they are, {@code 303} (and {@code 301}/{@code 302} answering a POST)
	 * continue with a GET without body; {@code 307}/{@code 308} keep the method and body, and are returned as they are
	 * when the body cannot be sent again. Credentials ({@code Authorization}, {@code Cookie}) are not sent on to
	 * another origin.
	 * @param followRedirects whether to follow redirects
	 */
	public void setFollowRedirects(boolean followRedirects) {
		this.followRedirects = followRedirects;
		refreshOptions();
	}

	/**
	 * Sets how many redirects one request follows before failing with a {@link java.net.ProtocolException}.
	 * @param maxRedirects the limit, at least 1
	 */
	public void setMaxRedirects(int maxRedirects) {
		Assert.isTrue(maxRedirects >= 1, "'maxRedirects' must be at least 1");
		this.maxRedirects = maxRedirects;
		refreshOptions();
	}

	/**
	 * Sets the TLS settings of the {@code https} requests made by this factory (trust and key material, protocols,
	 * cipher suites); {@code null} uses the transport's. Connections are shared only between requests with equal
	 * settings, so factories meant to share connections should be given the same instance.
	 * @param tls the TLS settings, or {@code null}
	 */
	public void setTls(@Nullable TlsSettings tls) {
		this.tls = tls;
		refreshOptions();
	}

	/**
	 * Sets the cookie store of the requests made by this factory: cookies it holds for a request's URI are sent with
	 * it (each redirect hop included), and the {@code Set-Cookie} of each response is given to it; {@code null} (the
	 * default) handles no cookies.
	 * @param cookieHandler the cookie store, such as a {@link java.net.CookieManager}, or {@code null}
	 */
	public void setCookieHandler(@Nullable CookieHandler cookieHandler) {
		this.cookieHandler = cookieHandler;
		refreshOptions();
	}

	/** Returns the cookie store, or {@code null} when no cookies are handled. */
	public @Nullable CookieHandler getCookieHandler() {
		return this.cookieHandler;
	}

	/** Returns the connect timeout, or {@code null} when the transport's default applies. */
	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	/** Returns the read timeout, or {@code null} when the transport's default applies. */
	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	/** Returns whether redirects are followed. */
	public boolean isFollowRedirects() {
		return this.followRedirects;
	}

	/** Returns the limit of redirects followed for one request. */
	public int getMaxRedirects() {
		return this.maxRedirects;
	}

	/** Returns the TLS settings of {@code https} requests, or {@code null} when the transport's apply. */
	public @Nullable TlsSettings getTls() {
		return this.tls;
	}

	/** Returns the transport requests are sent through. */
	public HttpTransport getTransport() {
		return this.transport;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		return new EofPoolClientHttpRequest(this.transport, uri, httpMethod, this.options);
	}

	/** Closes the transport if this factory created it; a shared transport is left open. Idempotent. */
	@Override
	public void close() {
		if (this.ownsTransport) {
			this.transport.close();
		}
	}

	@Override
	public void destroy() {
		close();
	}

}
