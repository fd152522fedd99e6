package dev.eofpool.spring.autoconfigure.actuate;

import java.util.Arrays;
import java.util.List;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.autoconfigure.health.EofPoolHealthAutoConfiguration;
import dev.eofpool.spring.autoconfigure.metrics.EofPoolMetricsAutoConfiguration;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without Micrometer, Boot's health module and the actuator (the optional dependencies a plain application does not
 * have), every eofpool observability auto-configuration steps aside and the pool still starts.
 */
class ObservabilityAbsentTests {

	private static final List<String> OBSERVABILITY_PACKAGES = List.of("dev.eofpool.spring.metrics.",
			"dev.eofpool.spring.health.", "dev.eofpool.spring.actuate.", "dev.eofpool.spring.autoconfigure.metrics.",
			"dev.eofpool.spring.autoconfigure.health.", "dev.eofpool.spring.autoconfigure.actuate.");

	@Test
	void contextStartsWithOnlyThePoolBeans() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					EofPoolMetricsAutoConfiguration.class, EofPoolHealthAutoConfiguration.class,
					EofPoolEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.health",
					"org.springframework.boot.actuate", "org.springframework.boot.micrometer"))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(HttpTransport.class);
				List<String> observability = Arrays.stream(context.getBeanDefinitionNames())
					.map((name) -> context.getBeanFactory().getBeanDefinition(name).getBeanClassName())
					.filter((type) -> type != null && OBSERVABILITY_PACKAGES.stream().anyMatch(type::startsWith))
					.toList();
				assertThat(observability).isEmpty();
				List<String> eofpool = Arrays.stream(context.getBeanDefinitionNames())
					.filter((name) -> context.getType(name) != null
							&& context.getType(name).getName().startsWith("dev.eofpool."))
					.map((name) -> context.getType(name).getName())
					.toList();
				assertThat(eofpool).allSatisfy((type) -> assertThat(OBSERVABILITY_PACKAGES)
					.noneMatch(type::startsWith));
				assertThat(context.getBeanNamesForType(ClientHttpRequestFactory.class)).isEmpty();
			});
	}

}
