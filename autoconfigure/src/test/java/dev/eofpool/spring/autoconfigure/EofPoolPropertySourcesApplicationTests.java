package dev.eofpool.spring.autoconfigure;

import java.util.Map;

import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One real {@link SpringApplication} run per kind of property source (YAML, {@code .properties}, environment
 * variables, command-line arguments): an {@code eofpool.*} property that binds to nothing fails start-up, and Boot's
 * failure report names the property and the spelling to write.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class EofPoolPropertySourcesApplicationTests {

	@Test
	void yamlTypoFailsStartup(CapturedOutput output) {
		assertFails(output, application(), "eofpool.max-connections-per-host",
				"--spring.config.location=classpath:/unbound/typo.yml");
		assertThat(output).contains("class path resource [unbound/typo.yml] - 2:28");
	}

	@Test
	void yamlHostKeyWithAColonWithoutBracketsFailsStartup(CapturedOutput output) {
		assertFails(output, application(), "eofpool.hosts.[localhost:8080].max-connections",
				"--spring.config.location=classpath:/unbound/colon-key.yml");
	}

	@Test
	void yamlHostKeyInQuotedBracketsIsBound() {
		assertBound(application(), "--spring.config.location=classpath:/unbound/bracketed-key.yml");
	}

	@Test
	void propertiesTypoFailsStartup(CapturedOutput output) {
		assertFails(output, application(), "eofpool.max-connections-per-host",
				"--spring.config.location=classpath:/unbound/typo.properties");
	}

	@Test
	void propertiesHostKeyWithAnUnescapedColonFailsStartup(CapturedOutput output) {
		assertFails(output, application(), "eofpool.hosts.[localhost\\:8080].max-connections=4",
				"--spring.config.location=classpath:/unbound/colon-key.properties");
	}

	@Test
	void propertiesHostKeyWithAnEscapedColonIsBound() {
		assertBound(application(), "--spring.config.location=classpath:/unbound/bracketed-key.properties");
	}

	@Test
	void environmentVariableTypoFailsStartup(CapturedOutput output) {
		SpringApplication application = application();
		application.setEnvironment(environment(Map.of("EOFPOOL_MAXCONECTIONSPERHOST", "5")));
		assertFails(output, application, "eofpool.max-connections-per-host");
	}

	@Test
	void environmentVariableHostKeyInSpringApplicationJsonIsBound() {
		SpringApplication application = application();
		application.setEnvironment(environment(Map.of("SPRING_APPLICATION_JSON",
				"{\"eofpool\":{\"hosts\":{\"[localhost:8080]\":{\"max-connections\":4}}}}")));
		assertBound(application);
	}

	@Test
	void commandLineTypoFailsStartup(CapturedOutput output) {
		assertFails(output, application(), "eofpool.max-connections-per-host", "--eofpool.max-conections-per-host=5");
	}

	@Test
	void commandLineHostKeyWithAColonWithoutBracketsFailsStartup(CapturedOutput output) {
		assertFails(output, application(), "eofpool.hosts.[localhost:8080].max-connections",
				"--eofpool.hosts.localhost:8080.max-connections=4");
	}

	@Test
	void commandLineHostKeyInBracketsIsBound() {
		assertBound(application(), "--eofpool.hosts.[localhost:8080].max-connections=4");
	}

	private static void assertFails(CapturedOutput output, SpringApplication application, String correction,
			String... args) {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> application.run(args))
			.havingRootCause()
			.isInstanceOfSatisfying(UnboundEofPoolPropertyException.class,
					(ex) -> assertThat(ex.getCorrection()).isEqualTo(correction));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("binds to nothing, so eofpool would silently ignore it")
			.contains("Write " + correction + " instead.");
	}

	private static void assertBound(SpringApplication application, String... args) {
		try (ConfigurableApplicationContext context = application.run(args)) {
			HttpTransport transport = context.getBean(HttpTransport.class);
			assertThat(transport.config().settingsFor("localhost", 8080).maxConnections()).isEqualTo(4);
			assertThat(transport.config().settingsFor("localhost", 8081).maxConnections()).isEqualTo(256);
		}
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	/** An environment whose system environment holds only the given variables. */
	private static StandardEnvironment environment(Map<String, Object> variables) {
		return new StandardEnvironment() {

			@Override
			protected void customizePropertySources(MutablePropertySources propertySources) {
				super.customizePropertySources(propertySources);
				propertySources.replace(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
			ImperativeHttpClientAutoConfiguration.class })
	static class Application {

	}

}
