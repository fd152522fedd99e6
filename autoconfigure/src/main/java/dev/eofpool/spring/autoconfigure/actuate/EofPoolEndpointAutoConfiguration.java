package dev.eofpool.spring.autoconfigure.actuate;

import dev.eofpool.spring.actuate.EofPoolEndpoint;
import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.transport.HttpTransport;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Registers the read-only {@code eofpool} actuator endpoint when the actuator is present and the endpoint is
 * available (enabled and exposed, e.g. {@code management.endpoints.web.exposure.include=eofpool}).
 */
@AutoConfiguration(after = EofPoolAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, HttpTransport.class })
@ConditionalOnSingleCandidate(HttpTransport.class)
public final class EofPoolEndpointAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint
	@ConditionalOnMissingBean
	EofPoolEndpoint eofPoolEndpoint(HttpTransport transport) {
		return new EofPoolEndpoint(transport);
	}

}
