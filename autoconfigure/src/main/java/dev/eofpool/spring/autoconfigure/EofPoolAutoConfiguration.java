package dev.eofpool.spring.autoconfigure;

import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.client.ClientHttpRequestFactory;

import dev.eofpool.spring.EofPoolClientHttpRequestFactoryBuilder;
import dev.eofpool.spring.EofPoolWarmUp;
import dev.eofpool.transport.AddressFilter;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Resolver;
import dev.eofpool.transport.TransportConfig;

/**
 * Auto-configuration of one shared eofpool {@link HttpTransport} and of a {@link ClientHttpRequestFactoryBuilder} on
 * it. Ordered before Spring Boot's imperative HTTP client auto-configuration, so Boot's own builder backs off and
 * {@code RestClient.Builder}, {@code RestTemplateBuilder}, HTTP service groups and Boot's
 * {@link ClientHttpRequestFactory} bean all use this one; they pass it the {@code spring.http.clients.*} settings and
 * their own overrides. An explicit {@code spring.http.clients.imperative.factory} is the user's choice of Boot's
 * factory: eofpool then backs off entirely and logs one INFO line saying so. {@code eofpool.enabled=false} steps aside
 * silently. Each bean backs off to a user-defined one. A {@link Resolver} bean replaces the JDK's resolver; an
 * {@link AddressFilter} bean and, on Boot 4.1, the {@code InetAddressFilter} bean decide which addresses the transport
 * may dial (see {@link Addresses}).
 */
@AutoConfiguration(before = ImperativeHttpClientAutoConfiguration.class)
@ConditionalOnClass({ HttpTransport.class, ClientHttpRequestFactory.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnBooleanProperty(name = "eofpool.enabled", matchIfMissing = true)
public final class EofPoolAutoConfiguration {

	/** Boot's property that chooses its own request factory. */
	static final String FACTORY_PROPERTY = "spring.http.clients.imperative.factory";

	/** The transport and the builder, unless the user chose one of Boot's factories. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(NoFactoryChosen.class)
	@EnableConfigurationProperties(EofPoolProperties.class)
	static final class TransportConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		HttpTransport eofPoolHttpTransport(ObjectProvider<EofPoolProperties> properties,
				ConfigurableEnvironment environment, ObjectProvider<Resolver> resolver,
				ObjectProvider<AddressFilter> addressFilter, BeanFactory beanFactory) {
			// checked before the properties bean is bound, so a name that fails its binding is reported as misspelt
			Set<ConfigurationPropertyName> written = EofPoolPropertyCheck.check(environment);
			TransportConfig config = TransportConfigPropertyMapper.map(properties.getObject(), written);
			return new HttpTransport(Addresses.apply(config, resolver.getIfAvailable(),
					addressFilter.getIfAvailable(), beanFactory));
		}

		@Bean
		@ConditionalOnMissingBean
		EofPoolWarmUp eofPoolWarmUp(HttpTransport transport, EofPoolProperties properties) {
			return new EofPoolWarmUp(transport, WarmUpTargets.of(properties), properties.getWarmUp().getTimeout(),
					properties.getWarmUp().isFailOnError());
		}

		@Bean
		@ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
		ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder(HttpTransport transport,
				ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
			ClientHttpRequestFactoryBuilder<?> builder = new EofPoolClientHttpRequestFactoryBuilder(transport);
			return customize(builder, customizers.orderedStream().toList());
		}

		@SuppressWarnings("unchecked") // LambdaSafe checks each customizer's generic type before calling it
		private ClientHttpRequestFactoryBuilder<?> customize(ClientHttpRequestFactoryBuilder<?> builder,
				List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
			ClientHttpRequestFactoryBuilder<?>[] customized = { builder };
			LambdaSafe.callbacks(ClientHttpRequestFactoryBuilderCustomizer.class, customizers, builder)
				.invoke((customizer) -> customized[0] = customizer.customize(customized[0]));
			return customized[0];
		}

	}

	/** Says, once, that Boot's factory chosen by the user is used instead of eofpool. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(FactoryChosen.class)
	static final class FactoryChosenConfiguration {

		private static final Log logger = LogFactory.getLog(EofPoolAutoConfiguration.class);

		FactoryChosenConfiguration(Environment environment) {
			logger.info("eofpool backs off: " + FACTORY_PROPERTY + "=" + environment.getProperty(FACTORY_PROPERTY)
					+ " chooses Spring Boot's own request factory, which RestClient, RestTemplate and HTTP service "
					+ "clients now use (remove the property to use eofpool, or set eofpool.enabled=false)");
		}

	}

	/** Matches when {@code spring.http.clients.imperative.factory} is not set. */
	static final class NoFactoryChosen extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String factory = context.getEnvironment().getProperty(FACTORY_PROPERTY);
			return (factory == null) ? ConditionOutcome.match(FACTORY_PROPERTY + " is not set")
					: ConditionOutcome.noMatch(FACTORY_PROPERTY + " chooses '" + factory + "'");
		}

	}

	/** Matches when {@code spring.http.clients.imperative.factory} is set. */
	static final class FactoryChosen extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionOutcome none = new NoFactoryChosen().getMatchOutcome(context, metadata);
			return new ConditionOutcome(!none.isMatch(), none.getConditionMessage());
		}

	}

}
