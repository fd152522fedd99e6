package dev.eofpool.spring.autoconfigure.observation;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.observation.EofPoolConnectionObservationFilter;
import dev.eofpool.spring.observation.EofPoolObservationMeterFilter;
import dev.eofpool.spring.observation.EofPoolObservations;
import dev.eofpool.transport.HttpTransport;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reports each call's wait for a connection, connect and TLS handshake as child observations of the current one
 * (Spring's {@code http.client.requests}) when Micrometer Observation and an {@link ObservationRegistry} are present,
 * and adds {@code eofpool.connection} to {@code http.client.requests} through an {@code ObservationFilter} bean (Boot
 * applies those to its registry). With Micrometer's meters as well, a {@code MeterFilter} bean keeps the meters Boot
 * derives from every observation from repeating the eofpool phase timers under their names.
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

	/** With Micrometer's meters too: keeps Boot from timing the observations under the eofpool timers' names. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterFilter.class)
	static final class ObservationMeters {

		@Bean
		@ConditionalOnMissingBean
		EofPoolObservationMeterFilter eofPoolObservationMeterFilter() {
			return new EofPoolObservationMeterFilter();
		}

	}

}
