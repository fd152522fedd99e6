package dev.eofpool.spring.autoconfigure.metrics;

import java.time.Duration;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.autoconfigure.UnboundEofPoolPropertyException;
import dev.eofpool.spring.metrics.EofPoolMetrics;
import dev.eofpool.transport.HttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class EofPoolMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				EofPoolMetricsAutoConfiguration.class));

	@Test
	void bindsTheMetersToTheRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EofPoolMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("eofpool.connections").tag("state", "idle").gauge().value()).isZero();
			assertThat(registry.get("eofpool.connections.opened").functionCounter().count()).isZero();
			assertThat(registry.get("eofpool.acquire").tag("outcome", "timeout").timer().count()).isZero();
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					EofPoolMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EofPoolMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HttpTransport.class)
				.doesNotHaveBean(EofPoolMetrics.class)
				.doesNotHaveBean(EofPoolMetricsProperties.class));
	}

	@Test
	void backsOffWithoutATransport() {
		this.runner.withPropertyValues("eofpool.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EofPoolMetrics.class));
	}

	@Test
	void backsOffFromAUserBinder() {
		this.runner.withUserConfiguration(UserMetrics.class).run((context) -> {
			assertThat(context).hasSingleBean(EofPoolMetrics.class);
			assertThat(context.getBean(EofPoolMetrics.class)).isSameAs(context.getBean("userMetrics"));
		});
	}

	@Test
	void bindsItsProperties() {
		this.runner
			.withPropertyValues("eofpool.metrics.per-host-tags=true", "eofpool.metrics.max-host-tags=3",
					"eofpool.metrics.snapshot-max-age=250ms")
			.run((context) -> {
				EofPoolMetricsProperties properties = context.getBean(EofPoolMetricsProperties.class);
				assertThat(properties.isPerHostTags()).isTrue();
				assertThat(properties.getMaxHostTags()).isEqualTo(3);
				assertThat(properties.getSnapshotMaxAge()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getNaming()).isEqualTo(EofPoolMetricsProperties.Naming.EOFPOOL);
				// with host tags no meter exists before the first host is seen
				assertThat(context.getBean(MeterRegistry.class).find("eofpool.connections").gauges()).isEmpty();
			});
	}

	@Test
	void otelNamingAddsTheSemanticConventionMetersForHostsAlreadyInThePool() throws Exception {
		try (dev.eofpool.testfixtures.TestServer server = dev.eofpool.testfixtures.TestServer
			.responding((c, r) -> c.respond(200, "ok"))) {
			this.runner.withPropertyValues("eofpool.metrics.naming=otel").run((context) -> {
				assertThat(context.getBean(EofPoolMetricsProperties.class).getNaming())
					.isEqualTo(EofPoolMetricsProperties.Naming.OTEL);
				HttpTransport transport = context.getBean(HttpTransport.class);
				try (dev.eofpool.transport.HttpResponse response = transport
					.send(dev.eofpool.transport.HttpRequest.get(server.uri("/")))) {
					response.body().readAllBytes();
				}
				assertThat(context.getBean(MeterRegistry.class).get("http.client.open_connections")
					.tags("server.port", Integer.toString(server.port()), "http.connection.state", "idle")
					.gauge().value()).isEqualTo(1);
			});
		}
	}

	@Test
	void defaultsAreTheLibrarysDefaults() {
		this.runner.run((context) -> {
			EofPoolMetricsProperties properties = context.getBean(EofPoolMetricsProperties.class);
			assertThat(properties.isPerHostTags()).isFalse();
			assertThat(properties.getMaxHostTags()).isEqualTo(EofPoolMetrics.DEFAULT_MAX_HOST_TAGS);
			assertThat(properties.getSnapshotMaxAge()).isEqualTo(EofPoolMetrics.DEFAULT_SNAPSHOT_MAX_AGE);
		});
	}

	@Test
	void aNegativeHostTagLimitFailsNamingTheProperty() {
		this.runner.withPropertyValues("eofpool.metrics.max-host-tags=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must be zero or positive but was -1"));
		this.runner.withPropertyValues("eofpool.metrics.max-host-tags=-1")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("eofpool.metrics"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetrics {

		@Bean
		EofPoolMetrics userMetrics(HttpTransport transport) {
			return new EofPoolMetrics(transport);
		}

	}

	@Test
	void misspeltPropertyFailsNamingIt() {
		this.runner.withPropertyValues("eofpool.metrics.per-host-tag=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(UnboundEofPoolPropertyException.class, (ex) -> {
					// eofpool's own check, on every property source, comes before the binding of the properties bean
					assertThat(ex.getName()).isEqualTo("eofpool.metrics.per-host-tag");
					assertThat(ex.getCorrection()).isEqualTo("eofpool.metrics.per-host-tags");
				});
		});
	}

}
