package dev.eofpool.spring.autoconfigure;

import java.util.List;

import dev.eofpool.spring.EofPoolClientHttpRequestFactoryBuilder;
import dev.eofpool.transport.HttpTransport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Auto-configuration of one shared eofpool {@link HttpTransport} and of a {@link ClientHttpRequestFactoryBuilder} on
 * it. Ordered before Spring Boot's imperative HTTP client auto-configuration, so Boot's own builder backs off and
 * {@code RestClient.Builder}, {@code RestTemplateBuilder}, HTTP service groups and Boot's
 * {@link ClientHttpRequestFactory} bean all use this one; they pass it the {@code spring.http.clients.*} settings and
 * their own overrides. While it is active, {@code spring.http.clients.imperative.factory} has no effect; set
 * {@code eofpool.enabled=false} to step aside and let Boot choose its own client again. Each bean backs off to a
 * user-defined one.
 */
@AutoConfiguration(before = ImperativeHttpClientAutoConfiguration.class)
@ConditionalOnClass({ HttpTransport.class, ClientHttpRequestFactory.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnBooleanProperty(name = "eofpool.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EofPoolProperties.class)
public final class EofPoolAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	HttpTransport eofPoolHttpTransport(EofPoolProperties properties, Environment environment) {
		HostPropertyNames.check(environment);
		return new HttpTransport(TransportConfigPropertyMapper.map(properties));
	}

	@Bean
	@ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
	ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder(HttpTransport transport,
			ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		ClientHttpRequestFactoryBuilder<?> builder = new EofPoolClientHttpRequestFactoryBuilder(transport);
		return customize(builder, customizers.orderedStream().toList());
	}

	@SuppressWarnings("unchecked")
	private ClientHttpRequestFactoryBuilder<?> customize(ClientHttpRequestFactoryBuilder<?> builder,
			List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		ClientHttpRequestFactoryBuilder<?>[] customized = { builder };
		LambdaSafe.callbacks(ClientHttpRequestFactoryBuilderCustomizer.class, customizers, builder)
			.invoke((customizer) -> customized[0] = customizer.customize(customized[0]));
		return customized[0];
	}

}
