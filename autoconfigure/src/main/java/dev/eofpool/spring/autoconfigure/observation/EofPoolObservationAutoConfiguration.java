package dev.eofpool.spring.autoconfigure.observation;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.observation.EofPoolConnectionObservationFilter;
import dev.eofpool.spring.observation.EofPoolObservations;
import dev.eofpool.transport.HttpTransport;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Reports each call's wait for a connection, connect and TLS handshake as child observations of the current one
 * (Spring's {@code http.client.requests}) when Micrometer Observation and an {@link ObservationRegistry} are present,
 * and adds {@code eofpool.connection} to {@code http.client.requests} through an {@code ObservationFilter} bean (Boot
 * applies those to its registry).
 */
@AutoConfiguration(after = EofPoolAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, HttpTransport.class })
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnSingleCandidate(HttpTransport.class)
public final class EofPoolObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EofPoolObservations eofPoolObservations(HttpTransport transport, ObservationRegistry registry) {
		EofPoolObservations observations = new EofPoolObservations(registry);
		transport.addCallListener(observations);
		return observations;
	}

	@Bean
	@ConditionalOnMissingBean
	EofPoolConnectionObservationFilter eofPoolConnectionObservationFilter() {
		return new EofPoolConnectionObservationFilter();
	}

}
