package dev.eofpool.spring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import dev.eofpool.transport.HttpTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.util.Assert;

/**
 * {@link ClientHttpRequestFactoryBuilder} of {@link EofPoolClientHttpRequestFactory} instances that all share one
 * {@link HttpTransport}. Building is cheap: a factory holds only its settings, so Boot may build one per
 * {@code RestClient.Builder}, {@code RestTemplate} or HTTP service group without opening a new pool.
 * <p>
 * {@link HttpClientSettings} are applied per factory: the connect and read timeouts to each request it sends,
 * {@link HttpRedirects#FOLLOW_WHEN_POSSIBLE} (the default) and {@link HttpRedirects#FOLLOW} follow redirects,
 * {@link HttpRedirects#DONT_FOLLOW} returns them. An SSL bundle is not supported yet: building with one fails.
 */
public final class EofPoolClientHttpRequestFactoryBuilder
		implements ClientHttpRequestFactoryBuilder<EofPoolClientHttpRequestFactory> {

	private final HttpTransport transport;

	private final List<Consumer<EofPoolClientHttpRequestFactory>> customizers;

	/**
	 * Creates a builder of factories on this transport; they never close it.
	 * @param transport the shared transport
	 */
	public EofPoolClientHttpRequestFactoryBuilder(HttpTransport transport) {
		this(transport, Collections.emptyList());
	}

	private EofPoolClientHttpRequestFactoryBuilder(HttpTransport transport,
			List<Consumer<EofPoolClientHttpRequestFactory>> customizers) {
		Assert.notNull(transport, "'transport' must not be null");
		this.transport = transport;
		this.customizers = customizers;
	}

	/** Returns the transport every factory built shares. */
	public HttpTransport getTransport() {
		return this.transport;
	}

	@Override
	public EofPoolClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		HttpClientSettings applied = (settings != null) ? settings : HttpClientSettings.defaults();
		if (applied.sslBundle() != null) {
			throw new IllegalStateException("eofpool does not support SSL bundles yet (TLS is not implemented in the "
					+ "eofpool transport): remove the SSL bundle (spring.http.clients.ssl.bundle, "
					+ "spring.http.serviceclient.<group>.ssl.bundle or a builder's sslBundle(...)), or set "
					+ "eofpool.enabled=false to use Spring Boot's own HTTP clients");
		}
		EofPoolClientHttpRequestFactory factory = new EofPoolClientHttpRequestFactory(this.transport);
		factory.setConnectTimeout(applied.connectTimeout());
		factory.setReadTimeout(applied.readTimeout());
		factory.setFollowRedirects(applied.redirects() != HttpRedirects.DONT_FOLLOW);
		for (Consumer<EofPoolClientHttpRequestFactory> customizer : this.customizers) {
			customizer.accept(factory);
		}
		return factory;
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
		return new EofPoolClientHttpRequestFactoryBuilder(this.transport, Collections.unmodifiableList(merged));
	}

}
