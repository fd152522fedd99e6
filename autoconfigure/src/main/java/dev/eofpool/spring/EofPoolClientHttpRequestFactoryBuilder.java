package dev.eofpool.spring;

import java.net.CookieManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.tls.TlsSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.Assert;

/**
 * {@link ClientHttpRequestFactoryBuilder} of {@link EofPoolClientHttpRequestFactory} instances that all share one
 * {@link HttpTransport}. Building is cheap: a factory holds only its settings, so Boot may build one per
 * {@code RestClient.Builder}, {@code RestTemplate} or HTTP service group without opening a new pool.
 * <p>
 * {@link HttpClientSettings} are applied per factory: the connect and read timeouts to each request it sends,
 * {@link HttpRedirects#FOLLOW_WHEN_POSSIBLE} (the default) and {@link HttpRedirects#FOLLOW} follow redirects,
 * {@link HttpRedirects#DONT_FOLLOW} returns them, and an {@link SslBundle} secures the factory's {@code https}
 * requests (its trust and key material, and its cipher suites and protocols) instead of the transport's TLS settings.
 * The bundle goes with each request, not into the shared transport: factories built from the same bundle object get
 * the same {@link TlsSettings} (see {@link SslBundleTls}) and so share connections and TLS sessions, while factories
 * with another bundle, or none, never use those connections.
 * <p>
 * On Spring Boot 4.1, {@code spring.http.clients.cookie-handling} ({@code enable}, {@code enable-when-possible}) gives
 * each factory its own {@link CookieManager}; the {@code InetAddressFilter} of the settings must be the one the shared
 * transport applies (the application's bean), else building fails.
 */
public final class EofPoolClientHttpRequestFactoryBuilder
		implements ClientHttpRequestFactoryBuilder<EofPoolClientHttpRequestFactory> {

	private final HttpTransport transport;

	/** Shared by this builder and those {@code with...} derives from it, so every factory gets the same settings. */
	private final SslBundleTls sslBundleTls;

	private final List<Consumer<EofPoolClientHttpRequestFactory>> customizers;

	/**
	 * Creates a builder of factories on this transport; they never close it.
	 * @param transport the shared transport
	 */
	public EofPoolClientHttpRequestFactoryBuilder(HttpTransport transport) {
		this(transport, new SslBundleTls(), Collections.emptyList());
	}

	private EofPoolClientHttpRequestFactoryBuilder(HttpTransport transport, SslBundleTls sslBundleTls,
			List<Consumer<EofPoolClientHttpRequestFactory>> customizers) {
		Assert.notNull(transport, "'transport' must not be null");
		this.transport = transport;
		this.sslBundleTls = sslBundleTls;
		this.customizers = customizers;
	}

	/** Returns the transport every factory built shares. */
	public HttpTransport getTransport() {
		return this.transport;
	}

	@Override
	public EofPoolClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		HttpClientSettings applied = (settings != null) ? settings : HttpClientSettings.defaults();
		SslBundle sslBundle = applied.sslBundle();
		EofPoolClientHttpRequestFactory factory = new EofPoolClientHttpRequestFactory(this.transport);
		factory.setConnectTimeout(applied.connectTimeout());
		factory.setReadTimeout(applied.readTimeout());
		factory.setFollowRedirects(applied.redirects() != HttpRedirects.DONT_FOLLOW);
		factory.setTls((sslBundle != null) ? this.sslBundleTls.get(sslBundle) : null);
		applyBoot41(applied, factory);
		for (Consumer<EofPoolClientHttpRequestFactory> customizer : this.customizers) {
			customizer.accept(factory);
		}
		return factory;
	}

	/**
	 * Applies what Boot 4.1 added to the settings: an {@code InetAddressFilter} must be the one the shared transport
	 * applies to every dial (a client-specific filter cannot be honoured by a shared pool and fails the build rather
	 * than being ignored); {@code cookie-handling} {@code enable} or {@code enable-when-possible} gives the factory a
	 * cookie store of its own, as Boot's JDK client does.
	 */
	private void applyBoot41(HttpClientSettings settings, EofPoolClientHttpRequestFactory factory) {
		Object filter = BootHttpClientFeatures.inetAddressFilter(settings);
		if (filter != null && !InetAddressFilterAdapter.applies(this.transport.config().addressFilter(), filter)) {
			throw new IllegalStateException("eofpool cannot apply the InetAddressFilter " + filter + " of these "
					+ "HttpClientSettings: its shared transport applies only the application's InetAddressFilter bean "
					+ "(to every connection it opens); define the filter as that bean, or use another request factory "
					+ "for this client");
		}
		String cookies = BootHttpClientFeatures.cookieHandling(settings);
		if ("ENABLE".equals(cookies) || "ENABLE_WHEN_POSSIBLE".equals(cookies)) {
			factory.setCookieHandler(new CookieManager());
		}
		else if ("DISABLE".equals(cookies)) {
			factory.setCookieHandler(null);
		}
		else if (cookies != null) {
			throw new IllegalStateException("eofpool does not support cookie handling " + cookies);
		}
	}

	@Override
	public EofPoolClientHttpRequestFactoryBuilder withCustomizer(Consumer<EofPoolClientHttpRequestFactory> customizer) {
		Assert.notNull(customizer, "'customizer' must not be null");
		return withCustomizers(List.of(customizer));
	}

	@Override
	public EofPoolClientHttpRequestFactoryBuilder withCustomizers(
			Collection<Consumer<EofPoolClientHttpRequestFactory>> customizers) {
		Assert.notNull(customizers, "'customizers' must not be null");
		Assert.noNullElements(customizers, "'customizers' must not contain null elements");
		List<Consumer<EofPoolClientHttpRequestFactory>> merged = new ArrayList<>(this.customizers);
		merged.addAll(customizers);
		return new EofPoolClientHttpRequestFactoryBuilder(this.transport, this.sslBundleTls,
				Collections.unmodifiableList(merged));
	}

}
