package dev.eofpool.spring.autoconfigure.actuate;

import dev.eofpool.spring.actuate.EofPoolEndpoint;
import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class EofPoolEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
				EofPoolEndpointAutoConfiguration.class));

	@Test
	void registersTheEndpointWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=eofpool").run((context) -> {
			assertThat(context).hasSingleBean(EofPoolEndpoint.class);
			assertThat(context.getBean(EofPoolEndpoint.class).pool().routes()).isEmpty();
		});
	}

	@Test
	void absentWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EofPoolEndpoint.class));
	}

	@Test
	void absentWhenAccessIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=eofpool",
					"management.endpoint.eofpool.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(EofPoolEndpoint.class));
	}

	@Test
	void absentWithoutTheActuator() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=eofpool")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HttpTransport.class)
				.doesNotHaveBean(EofPoolEndpoint.class));
	}

	@Test
	void backsOffFromAUserEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=eofpool")
			.withUserConfiguration(UserEndpoint.class)
			.run((context) -> assertThat(context).hasSingleBean(EofPoolEndpoint.class).hasBean("userEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpoint {

		@Bean
		EofPoolEndpoint userEndpoint(HttpTransport transport) {
			return new EofPoolEndpoint(transport);
		}

	}

}
