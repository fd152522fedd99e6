package dev.eofpool.spring.autoconfigure.metrics;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.metrics.EofPoolMetrics;
import dev.eofpool.transport.HttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Binds the eofpool meters when Micrometer and a {@link MeterRegistry} are present. Boot binds every
 * {@link MeterBinder} bean to its registries once the context has started.
 */
@AutoConfiguration(after = EofPoolAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple."
						+ "SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterBinder.class, HttpTransport.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(HttpTransport.class)
@EnableConfigurationProperties(EofPoolMetricsProperties.class)
public final class EofPoolMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EofPoolMetrics eofPoolMetrics(HttpTransport transport, EofPoolMetricsProperties properties) {
		return new EofPoolMetrics(transport, properties.isPerHostTags(), properties.getMaxHostTags(),
				properties.getSnapshotMaxAge(), properties.getNaming() == EofPoolMetricsProperties.Naming.OTEL);
	}

}
