package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.eofpool.transport.ExhaustionPolicy;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.SettingNames;
import dev.eofpool.transport.TransportConfig;

/**
 * The messages at a route's limit name the setting that decided each value (a per-host pattern's when it sets it, the
 * transport-wide one otherwise) with the configured {@link SettingNames}, and keep their facts.
 */
class ExhaustionMessagesTest {

	private static final Route ROUTE = Route.of(URI.create("http://127.0.0.1:18080/"));

	/** Names shaped like Boot's properties, to tell the two roles apart in assertions. */
	private static final SettingNames PROPERTIES = new SettingNames() {

		@Override
		public String transportWide(String setting) {
			return "p." + setting;
		}

		@Override
		public String perHost(String pattern, String setting) {
			return "p.hosts.[" + pattern + "]." + setting;
		}
	};

	@Test
	void timeoutWithTransportWideSettingsNamesThemAndTheHostPortKeyToAdd() {
		TransportConfig config = TransportConfig.builder()
			.maxConnectionsPerHost(3)
			.acquireTimeout(Duration.ofMillis(200))
			.build();
		assertThat(timedOut(config)).isEqualTo("Timed out after 201 ms waiting for a connection to "
				+ "http://127.0.0.1:18080: all 3 connections (the per-host limit) stayed in use; 2 other request(s) "
				+ "still waiting. To allow more connections raise TransportConfig.Builder.maxConnectionsPerHost (3, "
				+ "every host) or set TransportConfig.Builder.host(\"127.0.0.1:18080\", HostSettings.maxConnections) "
				+ "(this host and port); to wait longer raise TransportConfig.Builder.acquireTimeout (200 ms)");
	}

	@Test
	void timeoutWithTheHostPortKeyInForceNamesOnlyIt() {
		TransportConfig config = TransportConfig.builder()
			.settingNames(PROPERTIES)
			.host("127.0.0.1:18080", HostSettings.NONE.withMaxConnections(3).withAcquireTimeout(Duration.ofMillis(50)))
			.build();
		assertThat(timedOut(config)).endsWith("still waiting. To allow more connections raise "
				+ "p.hosts.[127.0.0.1:18080].maxConnections (3); to wait longer raise "
				+ "p.hosts.[127.0.0.1:18080].acquireTimeout (50 ms)");
	}

	@Test
	void aMatchingPatternIsTheKeyToChangeEvenWhenItDoesNotSetTheLimit() {
		TransportConfig config = TransportConfig.builder()
			.settingNames(PROPERTIES)
			.maxConnectionsPerHost(3)
			.host("127.0.0.1", HostSettings.NONE.withAcquireTimeout(Duration.ofMillis(70)))
			.build();
		assertThat(timedOut(config)).endsWith("To allow more connections raise p.maxConnectionsPerHost (3, every "
				+ "host) or set p.hosts.[127.0.0.1].maxConnections (this host); to wait longer raise "
				+ "p.hosts.[127.0.0.1].acquireTimeout (70 ms)");
	}

	@Test
	void aSuffixPatternThatSetsTheLimitIsNamed() {
		Route route = Route.of(URI.create("https://billing.pay.internal/"));
		TransportConfig config = TransportConfig.builder()
			.settingNames(PROPERTIES)
			.host("*.internal", HostSettings.NONE.withMaxConnections(2))
			.host("*.pay.internal", HostSettings.NONE.withMaxIdle(1))
			.build();
		// the longest suffix applies; it does not set the limit, so the limit comes from the transport's defaults
		assertThat(new ExhaustionMessages(config).failFast(route, config.settingsFor(route.host(), route.port()), -1))
			.contains("raise p.maxConnectionsPerHost (256, every host) or set p.hosts.[*.pay.internal].maxConnections "
					+ "(the hosts matching *.pay.internal)");
		TransportConfig only = TransportConfig.builder()
			.settingNames(PROPERTIES)
			.host("*.internal", HostSettings.NONE.withMaxConnections(2))
			.build();
		assertThat(new ExhaustionMessages(only).failFast(route, only.settingsFor(route.host(), route.port()), -1))
			.contains("raise p.hosts.[*.internal].maxConnections (2);");
	}

	@Test
	void failFastNamesTheLimitAndThePolicyInForce() {
		TransportConfig config = TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.host("127.0.0.1:18080", HostSettings.NONE.withExhaustionPolicy(ExhaustionPolicy.FAIL_FAST))
			.build();
		assertThat(new ExhaustionMessages(config).failFast(ROUTE, settings(config), -1)).isEqualTo("No connection "
				+ "available for http://127.0.0.1:18080: all 1 connections are in use and the exhaustion policy is "
				+ "fail-fast (TransportConfig.Builder.host(\"127.0.0.1:18080\", HostSettings.exhaustionPolicy)). To allow "
				+ "more connections raise TransportConfig.Builder.maxConnectionsPerHost (1, every host) or set "
				+ "TransportConfig.Builder.host(\"127.0.0.1:18080\", HostSettings.maxConnections) (this host and port); "
				+ "to wait up to TransportConfig.Builder.acquireTimeout for one instead, set "
				+ "TransportConfig.Builder.host(\"127.0.0.1:18080\", HostSettings.exhaustionPolicy) to wait");
	}

	@Test
	void tooManyWaitersNamesTheWaiterLimitInForce() {
		TransportConfig config = TransportConfig.builder()
			.settingNames(PROPERTIES)
			.maxConnectionsPerHost(2)
			.host("127.0.0.1:18080", HostSettings.NONE.withMaxWaiters(3))
			.build();
		assertThat(new ExhaustionMessages(config).tooManyWaiters(ROUTE, settings(config), 3, -1)).isEqualTo("No "
				+ "connection available for http://127.0.0.1:18080: all 2 connections are in use and 3 request(s) "
				+ "already wait, the host's limit of waiting requests. To let more requests wait raise "
				+ "p.hosts.[127.0.0.1:18080].maxWaiters (3); to allow more connections raise p.maxConnectionsPerHost "
				+ "(2, every host) or set p.hosts.[127.0.0.1:18080].maxConnections (this host and port)");
	}

	@Test
	void atThePoolWideLimitTheMessagesNameTheTotalCap() {
		TransportConfig config = TransportConfig.builder().settingNames(PROPERTIES).maxConnectionsTotal(4).build();
		assertThat(new ExhaustionMessages(config).timedOut(ROUTE, settings(config), 201, 2, 4)).isEqualTo("Timed out "
				+ "after 201 ms waiting for a connection to http://127.0.0.1:18080: all 4 connections (the pool-wide "
				+ "limit) stayed in use; 2 other request(s) still waiting. To allow more connections raise "
				+ "p.maxConnectionsTotal (4); to wait longer raise p.acquireTimeout (10000 ms)");
		assertThat(new ExhaustionMessages(config).failFast(ROUTE, settings(config), 4))
			.startsWith("No connection available for http://127.0.0.1:18080: all 4 connections (the pool-wide limit)"
					+ " are in use and the exhaustion policy is fail-fast")
			.contains("raise p.maxConnectionsTotal (4)");
	}

	@Test
	void heldByCallerKeepsItsAdviceAndNamesTheLimit() {
		TransportConfig config = TransportConfig.builder().settingNames(PROPERTIES).maxConnectionsPerHost(2).build();
		assertThat(new ExhaustionMessages(config).heldByCaller(ROUTE, settings(config))).isEqualTo("Waiting for a "
				+ "connection to http://127.0.0.1:18080 would never end: this thread already holds all 2 of its "
				+ "connections (read or close the earlier responses before sending another request, or raise "
				+ "p.maxConnectionsPerHost (2, every host) or set p.hosts.[127.0.0.1:18080].maxConnections (this host "
				+ "and port))");
	}

	@Test
	void settingInForceFollowsTheMatchingOverlay() {
		TransportConfig config = TransportConfig.builder()
			.settingNames(PROPERTIES)
			.host("API.example.com", HostSettings.NONE.withReadTimeout(Duration.ofSeconds(2)))
			.build();
		assertThat(config.hostPattern("api.EXAMPLE.com", 443)).isEqualTo("api.example.com");
		assertThat(config.hostPattern("other.example.com", 443)).isNull();
		assertThat(config.settingInForce("api.example.com", 443, "readTimeout"))
			.isEqualTo("p.hosts.[api.example.com].readTimeout");
		assertThat(config.settingInForce("api.example.com", 443, "maxIdle")).isEqualTo("p.maxIdlePerHost");
		assertThat(config.settingInForce("other.example.com", 443, "readTimeout")).isEqualTo("p.readTimeout");
		assertThat(TransportConfig.defaults().settingNames()).isSameAs(SettingNames.BUILDER);
		assertThat(SettingNames.BUILDER.perRequest("readTimeout")).isEqualTo("HttpRequest.Builder.readTimeout");
		assertThat(config.toBuilder().build().settingNames()).isSameAs(PROPERTIES);
	}

	private static String timedOut(TransportConfig config) {
		return new ExhaustionMessages(config).timedOut(ROUTE, settings(config), 201, 2, -1);
	}

	private static HostSettings settings(TransportConfig config) {
		return config.settingsFor(ROUTE.host(), ROUTE.port());
	}
}
