package dev.eofpool.spring.autoconfigure.health;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.health.EofPoolHealthIndicator;
import dev.eofpool.transport.HttpTransport;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code eofpool} health contributor when Boot's health module is present;
 * {@code management.health.eofpool.enabled=false} removes it.
 */
@AutoConfiguration(after = EofPoolAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, HttpTransport.class })
@ConditionalOnSingleCandidate(HttpTransport.class)
@EnableConfigurationProperties(EofPoolHealthProperties.class)
public final class EofPoolHealthAutoConfiguration {

	/** The bean name makes the component name: {@code eofpool}. */
	@Bean
	@ConditionalOnEnabledHealthIndicator("eofpool")
	@ConditionalOnMissingBean(name = "eofpoolHealthIndicator")
	EofPoolHealthIndicator eofpoolHealthIndicator(HttpTransport transport, EofPoolHealthProperties properties) {
		return new EofPoolHealthIndicator(transport, properties.toPolicy());
	}

}
