package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one settings record: defaults, overlays, the resolved settings of a route, and validation errors that carry the
 * setting's name and value.
 */
class TransportConfigTest {

	@Test
	void anOverlayInheritsWhatItLeavesUnset() {
		HostSettings overlay = HostSettings.NONE.withMaxConnections(4).withReadTimeout(Duration.ofSeconds(2));
		HostSettings resolved = overlay.over(HostSettings.DEFAULTS);
		assertThat(resolved).isEqualTo(new HostSettings(4, 64, Duration.ofSeconds(10), Duration.ofSeconds(30),
				Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(2), ExhaustionPolicy.WAIT, 0,
				Integer.MAX_VALUE, null, Duration.ZERO));
		assertThat(HostSettings.NONE.over(HostSettings.DEFAULTS)).isEqualTo(HostSettings.DEFAULTS);
	}

	@Test
	void addressSettingsAreValidatedByName() {
		assertThatThrownBy(() -> TransportConfig.builder().dnsRefreshInterval(Duration.ofSeconds(-1)).build())
			.isInstanceOfSatisfying(InvalidSettingException.class,
					(ex) -> assertThat(ex.field()).isEqualTo("dnsRefreshInterval"));
		assertThatThrownBy(() -> TransportConfig.builder()
			.host("api", HostSettings.NONE.withDnsRefreshInterval(Duration.ofSeconds(-1)))
			.build()).isInstanceOfSatisfying(InvalidSettingException.class,
					(ex) -> assertThat(ex.field()).isEqualTo("hosts[api].dnsRefreshInterval"));
		assertThatThrownBy(() -> TransportConfig.builder().connectStagger(Duration.ZERO).build())
			.isInstanceOfSatisfying(InvalidSettingException.class,
					(ex) -> assertThat(ex.field()).isEqualTo("connectStagger"));
		assertThatThrownBy(() -> TransportConfig.builder().addressFailureMemory(Duration.ofMillis(-1)).build())
			.isInstanceOfSatisfying(InvalidSettingException.class,
					(ex) -> assertThat(ex.field()).isEqualTo("addressFailureMemory"));
		TransportConfig config = TransportConfig.builder()
			.host("api", HostSettings.NONE.withDnsRefreshInterval(Duration.ofSeconds(5)))
			.build();
		assertThat(config.settingsFor("api", 80).dnsRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.settingsFor("other", 80).dnsRefreshInterval()).isEqualTo(Duration.ZERO);
		assertThat(config.connectStagger()).isEqualTo(Duration.ofMillis(250));
		assertThat(config.resolver()).isSameAs(Resolver.SYSTEM);
		assertThat(config.toBuilder().build().addressFilter()).isSameAs(AddressFilter.ALLOW_ALL);
	}

	@Test
	void settingsForAnUnmatchedHostAreTheTransportWideOnes() {
		TransportConfig config = TransportConfig.builder()
			.maxConnectionsPerHost(9)
			.exhaustionPolicy(ExhaustionPolicy.FAIL_FAST)
			.host("api:80", HostSettings.NONE.withMaxIdle(2))
			.build();
		assertThat(config.settingsFor("other", 80)).isEqualTo(config.hostDefaults());
		assertThat(config.hostDefaults().maxConnections()).isEqualTo(9);
		assertThat(config.hostDefaults().maxIdle()).isEqualTo(64);
		HostSettings api = config.settingsFor("API", 80);
		assertThat(api.maxIdle()).isEqualTo(2);
		assertThat(api.maxConnections()).isEqualTo(9);
		assertThat(api.exhaustionPolicy()).isEqualTo(ExhaustionPolicy.FAIL_FAST);
	}

	@Test
	void toBuilderKeepsEveryValueAndWhatWasWritten() {
		TransportConfig config = TransportConfig.builder()
			.maxIdlePerHost(3)
			.maxIdleTotal(7)
			.drainTimeout(Duration.ofMillis(5))
			.host("*.internal", HostSettings.NONE.withMaxConnections(2))
			.build();
		TransportConfig copy = config.toBuilder().build();
		assertThat(copy).usingRecursiveComparison().isEqualTo(config);
		// the copy's builder is independent of the configuration
		TransportConfig changed = config.toBuilder().maxIdleTotal(1).build();
		assertThat(config.maxIdleTotal()).isEqualTo(7);
		assertThat(changed.maxIdleTotal()).isEqualTo(1);
		// maxIdlePerHost was written, so a lower connection limit written later is checked against it
		assertThatThrownBy(() -> config.toBuilder().maxConnectionsPerHost(2).build())
			.isInstanceOfSatisfying(InvalidSettingException.class,
					(ex) -> assertThat(ex.field()).isEqualTo("maxIdlePerHost"));
	}

	@Test
	void errorsCarryTheFieldAndTheValue() {
		assertThatThrownBy(() -> TransportConfig.builder().maxIdleTotal(-1).build())
			.isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("maxIdleTotal");
				assertThat(ex.value()).isEqualTo(-1);
				assertThat(ex.reason()).isEqualTo("must be at least 0");
			})
			.hasMessage("maxIdleTotal must be at least 0 but was -1");
		assertThatThrownBy(() -> TransportConfig.builder()
			.host("API:80", HostSettings.NONE.withAcquireTimeout(Duration.ZERO))
			.build()).isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("hosts[api:80].acquireTimeout");
				assertThat(ex.value()).isEqualTo(Duration.ZERO);
			});
	}

	@Test
	void idleAboveTheConnectionLimitFailsWhenBothAreWrittenAtOneLevel() {
		assertThatThrownBy(() -> TransportConfig.builder().maxConnectionsPerHost(50).maxIdlePerHost(100).build())
			.isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("maxIdlePerHost");
				assertThat(ex.value()).isEqualTo(100);
			})
			.hasMessage("maxIdlePerHost must be at most maxConnectionsPerHost (50) but was 100");
		assertThatThrownBy(() -> TransportConfig.builder()
			.host("api:80", HostSettings.NONE.withMaxConnections(3).withMaxIdle(10))
			.build()).isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("hosts[api:80].maxIdle");
				assertThat(ex.value()).isEqualTo(10);
				assertThat(ex.reason()).isEqualTo("must be at most hosts[api:80].maxConnections (3)");
			});
	}

	@Test
	void aCapBelowAnInheritedLimitIsFine() {
		// the default idle limit (64) is above both caps, but neither level writes both
		TransportConfig config = TransportConfig.builder()
			.maxConnectionsPerHost(10)
			.host("api:80", HostSettings.NONE.withMaxConnections(3))
			.build();
		assertThat(config.settingsFor("api", 80).maxConnections()).isEqualTo(3);
		assertThat(config.settingsFor("api", 80).maxIdle()).isEqualTo(64);
		TransportConfig idleOnly = TransportConfig.builder()
			.maxConnectionsPerHost(4)
			.host("api:80", HostSettings.NONE.withMaxIdle(8))
			.build();
		assertThat(idleOnly.settingsFor("api", 80).maxIdle()).isEqualTo(8);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http://api:80|scheme", "api/v1|scheme", "api.example.com:99999|port",
			"api:0|port", "api:|port", "api:8o|port", "a*b|'*'", "*|'*'", "*.|'*'", "**.a|'*'", "a b|letters" })
	void badHostPatternsFailNamingThePattern(String pattern, String hint) {
		assertThatThrownBy(() -> TransportConfig.builder().host(pattern, HostSettings.NONE))
			.isInstanceOfSatisfying(InvalidSettingException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("hosts[" + pattern + "]");
				assertThat(ex.value()).isEqualTo(pattern);
				assertThat(ex.reason()).contains(hint);
			});
	}

	@ParameterizedTest
	@CsvSource({ "api:80", "api", "*.internal", "API.Example.com:65535", "10.0.0.1:1", "payments-v2:8080" })
	void goodHostPatternsAreKeptInLowerCase(String pattern) {
		TransportConfig config = TransportConfig.builder().host(pattern, HostSettings.NONE.withMaxIdle(1)).build();
		assertThat(config.hosts()).containsOnlyKeys(pattern.toLowerCase(java.util.Locale.ROOT));
	}

}
