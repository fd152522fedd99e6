package dev.eofpool.spring.autoconfigure.health;

import java.time.Duration;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.autoconfigure.UnboundEofPoolPropertyException;
import dev.eofpool.spring.health.EofPoolHealthIndicator;
import dev.eofpool.spring.health.EofPoolHealthPolicy;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class EofPoolHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				EofPoolHealthAutoConfiguration.class));

	@Test
	void registersTheIndicatorAsComponentEofpool() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EofPoolHealthIndicator.class).hasBean("eofpoolHealthIndicator");
			HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
			assertThat(registry.getContributor("eofpool")).isSameAs(context.getBean(EofPoolHealthIndicator.class));
			assertThat(context.getBean(EofPoolHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void switchedOffByManagementHealthEofpoolEnabled() {
		this.runner.withPropertyValues("management.health.eofpool.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EofPoolHealthIndicator.class));
	}

	@Test
	void followsTheDefaultsSwitch() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EofPoolHealthIndicator.class));
	}

	@Test
	void backsOffWithoutBootHealth() {
		// Boot's own health auto-configurations are not listed when their module is absent
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EofPoolAutoConfiguration.class, EofPoolHealthAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HttpTransport.class)
				.doesNotHaveBean(EofPoolHealthIndicator.class)
				.doesNotHaveBean(EofPoolHealthProperties.class));
	}

	@Test
	void backsOffWithoutATransport() {
		this.runner.withPropertyValues("eofpool.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EofPoolHealthIndicator.class));
	}

	@Test
	void backsOffFromAUserIndicatorOfTheSameName() {
		this.runner.withUserConfiguration(UserIndicator.class).run((context) -> {
			assertThat(context).hasSingleBean(EofPoolHealthIndicator.class);
			assertThat(context.getBean("eofpoolHealthIndicator")).isSameAs(UserIndicator.indicator);
		});
	}

	@Test
	void bindsThresholdsAndStatuses() {
		this.runner
			.withPropertyValues("eofpool.health.saturation.waiting-threshold=5",
					"eofpool.health.saturation.duration=10s", "eofpool.health.saturation.status=out-of-service",
					"eofpool.health.connect-failures.threshold=2", "eofpool.health.connect-failures.window=30s",
					"eofpool.health.connect-failures.status=DOWN", "eofpool.health.max-hosts=7")
			.run((context) -> {
				EofPoolHealthPolicy policy = context.getBean(EofPoolHealthProperties.class).toPolicy();
				assertThat(policy).isEqualTo(new EofPoolHealthPolicy(5, Duration.ofSeconds(10), Status.OUT_OF_SERVICE,
						2, Duration.ofSeconds(30), Status.DOWN, 7));
			});
	}

	@Test
	void defaultsKeepTheApplicationUp() {
		this.runner.run((context) -> assertThat(context.getBean(EofPoolHealthProperties.class).toPolicy())
			.isEqualTo(EofPoolHealthPolicy.defaults()));
	}

	@Test
	void aBadThresholdFailsNamingTheProperty() {
		this.runner.withPropertyValues("eofpool.health.saturation.waiting-threshold=0")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("eofpool.health")
				.rootCause()
				.hasMessageContaining("must be at least 1 but was 0"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		static EofPoolHealthIndicator indicator;

		@Bean
		EofPoolHealthIndicator eofpoolHealthIndicator(HttpTransport transport) {
			indicator = new EofPoolHealthIndicator(transport, EofPoolHealthPolicy.defaults());
			return indicator;
		}

	}

	@Test
	void misspeltPropertyFailsNamingIt() {
		this.runner.withPropertyValues("eofpool.health.saturation.statu=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(UnboundEofPoolPropertyException.class, (ex) -> {
					// eofpool's own check, on every property source, comes before the binding of the properties bean
					assertThat(ex.getName()).isEqualTo("eofpool.health.saturation.statu");
					assertThat(ex.getCorrection()).isEqualTo("eofpool.health.saturation.status");
				});
		});
	}

}
