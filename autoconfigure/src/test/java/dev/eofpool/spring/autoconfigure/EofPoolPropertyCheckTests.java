package dev.eofpool.spring.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eofpool.spring.EofPoolClientHttpRequestFactoryBuilder;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration that would silently miss fails start-up instead, naming the property and the spelling to write: an
 * unknown name, a host key without brackets, a misspelt per-host setting (from every kind of source), an idle limit
 * above the connection limit written beside it, a host key with a scheme or an impossible port. A good configuration
 * starts unchanged, and an explicit choice of Boot's factory wins.
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class EofPoolPropertyCheckTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class));

	@Test
	void misspeltTopLevelPropertyFailsWithTheCorrectSpelling() {
		assertUnbound(this.contextRunner.withPropertyValues("eofpool.max-conections-per-host=5"),
				"eofpool.max-conections-per-host", "5", "eofpool.max-connections-per-host");
	}

	@Test
	void misspeltNestedPropertyFailsWithTheCorrectSpelling() {
		assertUnbound(this.contextRunner.withPropertyValues("eofpool.drain.max-byte=1MB"), "eofpool.drain.max-byte",
				"1MB", "eofpool.drain.max-bytes");
	}

	@Test
	void unknownPropertyFarFromAnyFailsWithoutAGuess() {
		this.contextRunner.withPropertyValues("eofpool.colour=blue").run((context) -> {
			UnboundEofPoolPropertyException ex = unbound(context);
			assertThat(ex.getName()).isEqualTo("eofpool.colour");
			assertThat(ex.getCorrection()).isNull();
		});
	}

	@Test
	void hostKeyWithAColonWithoutBracketsFailsInsteadOfBindingAnotherHost() {
		assertUnbound(this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("yaml-like", Map.of("eofpool.hosts.localhost:8080.max-connections", 4)))),
				"eofpool.hosts.localhost:8080.max-connections", "4",
				"eofpool.hosts.[localhost:8080].max-connections");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml-like", Map.of("eofpool.hosts.payments:8080.max-idle", 4))))
			.run((context) -> assertThat(unbound(context).getMessage()).contains("'payments8080'"));
	}

	@Test
	void hostKeyWithDotsWithoutBracketsFailsWithTheBracketedSpelling() {
		assertUnbound(this.contextRunner.withPropertyValues("eofpool.hosts.api.example.com.max-connections=5"),
				"eofpool.hosts.api.example.com.max-connections", "5",
				"eofpool.hosts.[api.example.com].max-connections");
	}

	@Test
	void misspeltHostSettingFailsWithTheCorrectSpelling() {
		assertUnbound(this.contextRunner.withPropertyValues("eofpool.hosts.[*.internal].max-conections=5"),
				"eofpool.hosts[*.internal].max-conections", "5", "eofpool.hosts.[*.internal].max-connections");
	}

	@Test
	void propertiesFileColonThatEndedTheKeyFailsWithTheEscapedSpelling() {
		// what a .properties line "eofpool.hosts.[localhost:8080].max-connections=4" becomes: the colon ends the key
		assertUnbound(this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("properties-like",
					Map.of("eofpool.hosts.[localhost", "8080].max-connections=4")))),
				"eofpool.hosts.[localhost", "8080].max-connections=4",
				"eofpool.hosts.[localhost\\:8080].max-connections=4");
		assertUnbound(this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("properties-like",
					Map.of("eofpool.hosts.localhost", "8080.max-connections=4")))),
				"eofpool.hosts.localhost", "8080.max-connections=4",
				"eofpool.hosts.[localhost\\:8080].max-connections=4");
	}

	@Test
	void misspeltEnvironmentVariableFailsWithTheCorrectSpelling() {
		ApplicationContextRunner runner = withEnvironment(Map.of("EOFPOOL_MAXCONECTIONSPERHOST", "5"));
		assertUnbound(runner, "eofpool.maxconectionsperhost", "5", "eofpool.max-connections-per-host");
		runner.run((context) -> assertThat(unbound(context).getExplanation())
			.endsWith("As an environment variable it is EOFPOOL_MAXCONNECTIONSPERHOST."));
	}

	@Test
	void misspeltMetricsAndHealthEnvironmentVariablesFailWithTheCorrectSpelling() {
		// this runner has no metrics or health auto-configuration: nothing else would bind these
		ApplicationContextRunner runner = withEnvironment(Map.of("EOFPOOL_METRICS_PERHOSTTAG", "true"));
		assertUnbound(runner, "eofpool.metrics.perhosttag", "true", "eofpool.metrics.per-host-tags");
		runner.run((context) -> assertThat(unbound(context).getExplanation())
			.endsWith("As an environment variable it is EOFPOOL_METRICS_PERHOSTTAGS."));
		assertUnbound(withEnvironment(Map.of("EOFPOOL_HEALTH_MAXHOST", "10")), "eofpool.health.maxhost", "10",
				"eofpool.health.max-hosts");
		assertUnbound(withEnvironment(Map.of("EOFPOOL_HEALTH_SATURATION_WAITINGTRESHOLD", "2")),
				"eofpool.health.saturation.waitingtreshold", "2", "eofpool.health.saturation.waiting-threshold");
	}

	@Test
	void misspeltMetricsAndHealthSystemPropertiesFailWithTheCorrectSpelling() {
		assertUnbound(this.contextRunner.withSystemProperties("eofpool.health.max-host=3"), "eofpool.health.max-host",
				"3", "eofpool.health.max-hosts");
		assertUnbound(this.contextRunner.withSystemProperties("eofpool.metrics.per-host-tag=true"),
				"eofpool.metrics.per-host-tag", "true", "eofpool.metrics.per-host-tags");
	}

	@Test
	void environmentVariablesThatBindStart() {
		// the canonical spelling, and the legacy one with underscores for the dashes, which Boot binds too
		withEnvironment(Map.of("EOFPOOL_METRICS_PERHOSTTAGS", "true", "EOFPOOL_METRICS_MAX_HOST_TAGS", "5",
				"EOFPOOL_HEALTH_MAXHOSTS", "10", "EOFPOOL_HEALTH_CONNECT_FAILURES_THRESHOLD", "2",
				"EOFPOOL_MAX_IDLE_PER_HOST", "3", "EOFPOOL_WARM_UP_TIMEOUT", "7s"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(HttpTransport.class).config().hostDefaults().maxIdle()).isEqualTo(3);
				assertThat(context.getBean(EofPoolProperties.class).getWarmUp().getTimeout())
					.isEqualTo(Duration.ofSeconds(7));
			});
		// what Kubernetes sets for a service named "eofpool-metrics"
		withEnvironment(Map.of("EOFPOOL_METRICS_SERVICE_HOST", "10.0.0.11", "EOFPOOL_METRICS_PORT",
				"tcp://10.0.0.11:8080"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void kubernetesServiceVariablesOfAServiceNamedEofpoolDoNotFailStartup() {
		// what Kubernetes sets in every pod of a namespace with services "eofpool" and "eofpool-demo"
		Map<String, Object> variables = new HashMap<>();
		for (String service : List.of("EOFPOOL", "EOFPOOL_DEMO")) {
			variables.put(service + "_SERVICE_HOST", "10.0.0.11");
			variables.put(service + "_SERVICE_PORT", "8080");
			variables.put(service + "_SERVICE_PORT_HTTP", "8080");
			variables.put(service + "_PORT", "tcp://10.0.0.11:8080");
			variables.put(service + "_PORT_8080_TCP", "tcp://10.0.0.11:8080");
			variables.put(service + "_PORT_8080_TCP_PROTO", "tcp");
			variables.put(service + "_PORT_8080_TCP_PORT", "8080");
			variables.put(service + "_PORT_8080_TCP_ADDR", "10.0.0.11");
		}
		withEnvironment(variables).run((context) -> assertThat(context).hasNotFailed());
		// a misspelt property beside them still fails
		variables.put("EOFPOOL_MAXCONECTIONSPERHOST", "5");
		assertUnbound(withEnvironment(variables), "eofpool.maxconectionsperhost", "5",
				"eofpool.max-connections-per-host");
	}

	@Test
	void environmentVariableHostKeyWithAColonFailsWithTheBracketedSpelling() {
		assertUnbound(withEnvironment(Map.of("EOFPOOL_HOSTS_LOCALHOST:8080_MAXCONNECTIONS", "4")),
				"EOFPOOL_HOSTS_LOCALHOST:8080_MAXCONNECTIONS", "4", "eofpool.hosts.[localhost:8080].max-connections");
	}

	@Test
	void environmentVariablesForASimpleHostKeyAreBound() {
		withEnvironment(Map.of("EOFPOOL_HOSTS_PAYMENTS_MAXCONNECTIONS", "4", "EOFPOOL_MAXIDLEPERHOST", "3"))
			.run((context) -> {
				TransportConfig config = context.getBean(HttpTransport.class).config();
				assertThat(config.settingsFor("payments", 8080).maxConnections()).isEqualTo(4);
				assertThat(config.hostDefaults().maxIdle()).isEqualTo(3);
			});
	}

	@Test
	void environmentVariableHostKeyWithAColonInBracketsFailsTooAsBootDropsTheColon() {
		withEnvironment(Map.of("EOFPOOL_HOSTS_[LOCALHOST:8080]_MAXCONNECTIONS", "4")).run((context) -> {
			UnboundEofPoolPropertyException ex = unbound(context);
			assertThat(ex.getCorrection()).isEqualTo("eofpool.hosts.[localhost:8080].max-connections");
			assertThat(ex.getExplanation()).contains("'localhost8080'").contains("SPRING_APPLICATION_JSON");
		});
	}

	@Test
	void bracketedHostKeysWithColonsDotsAndAsterisksAreBound() {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("hosts",
						Map.of("eofpool.hosts.[localhost:8080].max-connections", 4,
								"eofpool.hosts.[*.internal].read-timeout", "3s"))))
			.run((context) -> {
				TransportConfig config = context.getBean(HttpTransport.class).config();
				assertThat(config.settingsFor("localhost", 8080).maxConnections()).isEqualTo(4);
				assertThat(config.settingsFor("db.internal", 80).readTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void idleAboveTheConnectionLimitFailsWhenBothAreWritten() {
		this.contextRunner.withPropertyValues("eofpool.max-idle-per-host=100", "eofpool.max-connections-per-host=50")
			.run((context) -> {
				InvalidConfigurationPropertyValueException ex = invalid(context);
				assertThat(ex.getName()).isEqualTo("eofpool.max-idle-per-host");
				assertThat(ex.getValue()).isEqualTo(100);
				assertThat(ex.getReason()).isEqualTo("Must be at most eofpool.max-connections-per-host (50)");
			});
	}

	@Test
	void perHostIdleAboveThePerHostConnectionLimitFails() {
		this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("hosts", Map.of("eofpool.hosts.[api:80].max-idle", 10,
					"eofpool.hosts.[api:80].max-connections", 3))))
			.run((context) -> {
				InvalidConfigurationPropertyValueException ex = invalid(context);
				assertThat(ex.getName()).isEqualTo("eofpool.hosts.[api:80].max-idle");
				assertThat(String.valueOf(ex.getValue())).isEqualTo("10");
				assertThat(ex.getReason()).isEqualTo("Must be at most eofpool.hosts.[api:80].max-connections (3)");
			});
	}

	@Test
	void capsBelowInheritedLimitsStart() {
		this.contextRunner
			.withPropertyValues("eofpool.max-connections-per-host=10", "eofpool.hosts.[*.internal].max-connections=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TransportConfig config = context.getBean(HttpTransport.class).config();
				// the default idle limit (64) is above both caps: inherited, so not an error
				assertThat(config.hostDefaults().maxConnections()).isEqualTo(10);
				assertThat(config.hostDefaults().maxIdle()).isEqualTo(64);
				assertThat(config.settingsFor("db.internal", 80).maxConnections()).isEqualTo(3);
			});
	}

	@Test
	void hostKeyWithASchemeFailsNamingIt() {
		assertInvalidHostKey("http://api:80", "scheme");
	}

	@Test
	void hostKeyWithAnImpossiblePortFailsNamingIt() {
		assertInvalidHostKey("api.example.com:99999", "port from 1 to 65535");
	}

	@Test
	void hostKeyWithAStrayAsteriskFailsNamingIt() {
		assertInvalidHostKey("api.*.com", "'*' only as a leading '*.'");
	}

	@Test
	void goodConfigurationStartsUnchanged() {
		this.contextRunner
			.withPropertyValues("eofpool.max-connections-per-host=32", "eofpool.max-idle-per-host=8",
					"eofpool.health.saturation.status=DOWN", "eofpool.metrics.per-host-tags=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TransportConfig config = context.getBean(HttpTransport.class).config();
				// every value as the builder's; only the names errors use are Boot's properties
				assertThat(config).usingRecursiveComparison()
					.ignoringFields("values.settingNames")
					.isEqualTo(TransportConfig.builder().maxConnectionsPerHost(32).maxIdlePerHost(8).build());
				assertThat(config.settingNames().transportWide("maxConnectionsPerHost"))
					.isEqualTo("eofpool.max-connections-per-host");
			});
	}

	@Test
	void explicitBootFactoryWinsAndSaysSoOnce(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=jdk").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HttpTransport.class);
			assertThat(context).doesNotHaveBean(EofPoolClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(JdkClientHttpRequestFactoryBuilder.class);
		});
		String line = "eofpool backs off: spring.http.clients.imperative.factory=jdk chooses Spring Boot's own request "
				+ "factory";
		assertThat(output.getOut()).containsOnlyOnce(line);
	}

	@Test
	void withoutAFactoryChoiceNothingIsLogged(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(HttpTransport.class));
		assertThat(output.getOut()).doesNotContain("eofpool backs off");
	}

	@Test
	void failureAnalysisNamesThePropertyItsOriginAndTheSpellingToWrite() {
		this.contextRunner.withPropertyValues("eofpool.max-conections-per-host=5").run((context) -> {
			FailureAnalysis analysis = new UnboundEofPoolPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("The property 'eofpool.max-conections-per-host'")
				.contains("with value '5' binds to nothing, so eofpool would silently ignore it.");
			assertThat(analysis.getAction()).isEqualTo("Write eofpool.max-connections-per-host instead.");
		});
	}

	private void assertInvalidHostKey(String key, String reason) {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("hosts", Map.of("eofpool.hosts.[" + key + "].max-connections", 5))))
			.run((context) -> {
				InvalidConfigurationPropertyValueException ex = invalid(context);
				assertThat(ex.getName()).isEqualTo("eofpool.hosts.[" + key + "]");
				assertThat(ex.getValue()).isEqualTo(key);
				assertThat(ex.getReason()).contains(reason);
			});
	}

	private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
		return this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
	}

	private static void assertUnbound(ApplicationContextRunner runner, String name, String value, String correction) {
		runner.run((context) -> {
			UnboundEofPoolPropertyException ex = unbound(context);
			assertThat(ex.getName()).isEqualTo(name);
			assertThat(String.valueOf(ex.getValue())).isEqualTo(value);
			assertThat(ex.getCorrection()).isEqualTo(correction);
			assertThat(ex.getMessage()).contains(name).contains("Write " + correction + " instead.");
		});
	}

	private static UnboundEofPoolPropertyException unbound(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = context.getStartupFailure();
		while (root.getCause() != null) {
			root = root.getCause();
		}
		assertThat(root).isInstanceOf(UnboundEofPoolPropertyException.class);
		return (UnboundEofPoolPropertyException) root;
	}

	private static InvalidConfigurationPropertyValueException invalid(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = context.getStartupFailure();
		while (root.getCause() != null) {
			root = root.getCause();
		}
		assertThat(root).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) root;
	}

}
