package dev.eofpool.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property defaults stay those of the transport, and the generated configuration metadata documents every
 * property.
 */
class EofPoolPropertiesTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Test
	void defaultsAreTheTransportDefaults() {
		EofPoolProperties properties = new EofPoolProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getMaxConnectionsPerHost()).isEqualTo(HostSettings.DEFAULTS.maxConnections());
		assertThat(properties.getMaxIdlePerHost()).isEqualTo(HostSettings.DEFAULTS.maxIdle());
		assertThat(properties.getMaxIdleTotal()).isEqualTo(TransportConfig.DEFAULT_MAX_IDLE_TOTAL);
		assertThat(properties.getAcquireTimeout()).isEqualTo(HostSettings.DEFAULTS.acquireTimeout());
		assertThat(properties.getExhaustionPolicy()).isEqualTo(HostSettings.DEFAULTS.exhaustionPolicy());
		assertThat(properties.getIdleTimeout()).isEqualTo(HostSettings.DEFAULTS.idleTimeout());
		assertThat(properties.getMaxLifetime()).isEqualTo(HostSettings.DEFAULTS.maxLifetime());
		assertThat(properties.getValidateAfterIdle()).isEqualTo(TransportConfig.DEFAULT_VALIDATE_AFTER_IDLE);
		assertThat(properties.getKeepAliveMargin()).isEqualTo(TransportConfig.DEFAULT_KEEP_ALIVE_MARGIN);
		assertThat(properties.getDrain().getMaxBytes().toBytes()).isEqualTo(TransportConfig.DEFAULT_DRAIN_MAX_BYTES);
		assertThat(properties.getDrain().getTimeout()).isEqualTo(TransportConfig.DEFAULT_DRAIN_TIMEOUT);
		EofPoolProperties.Limits limits = properties.getLimits();
		assertThat(limits.getMaxStatusLineLength()).isEqualTo(TransportConfig.DEFAULT_MAX_STATUS_LINE_LENGTH);
		assertThat(limits.getMaxHeaderLineLength()).isEqualTo(TransportConfig.DEFAULT_MAX_HEADER_LINE_LENGTH);
		assertThat(limits.getMaxHeaderBlockSize().toBytes()).isEqualTo(TransportConfig.DEFAULT_MAX_HEADER_BLOCK_SIZE);
		assertThat(limits.getMaxHeaderCount()).isEqualTo(TransportConfig.DEFAULT_MAX_HEADER_COUNT);
		TransportConfig defaults = TransportConfig.defaults();
		assertThat(properties.isRetryStale()).isEqualTo(defaults.retryStale());
		assertThat(properties.isLearnServerIdleTimeout()).isEqualTo(defaults.learnServerIdleTimeout());
		assertThat(properties.isBackgroundEviction()).isEqualTo(defaults.backgroundEviction());
		assertThat(properties.getLeakDetection().isEnabled()).isEqualTo(defaults.leakDetection());
		assertThat(properties.getLeakDetection().isCallSites()).isEqualTo(defaults.leakCallSites());
		EofPoolProperties.Proxy proxy = properties.getProxy();
		assertThat(proxy.getHost()).isNull();
		assertThat(proxy.getPort()).isNull();
		assertThat(proxy.getNonProxyHosts()).isEmpty();
		assertThat(proxy.isUseSystemProperties()).isFalse();
	}

	@Test
	void metadataDescribesEveryPropertyWithItsDefault() throws IOException {
		Map<String, Map<String, Object>> properties = eofpoolProperties();
		Map<String, Object> expectedDefaults = new LinkedHashMap<>();
		expectedDefaults.put("eofpool.enabled", true);
		expectedDefaults.put("eofpool.max-connections-per-host", 256);
		expectedDefaults.put("eofpool.max-idle-per-host", 64);
		expectedDefaults.put("eofpool.max-idle-total", 512);
		expectedDefaults.put("eofpool.acquire-timeout", "10s");
		expectedDefaults.put("eofpool.exhaustion-policy", "wait");
		expectedDefaults.put("eofpool.idle-timeout", "30s");
		expectedDefaults.put("eofpool.max-lifetime", "10m");
		expectedDefaults.put("eofpool.validate-after-idle", "100ms");
		expectedDefaults.put("eofpool.keep-alive-margin", "500ms");
		expectedDefaults.put("eofpool.retry-stale", true);
		expectedDefaults.put("eofpool.learn-server-idle-timeout", true);
		expectedDefaults.put("eofpool.background-eviction", true);
		expectedDefaults.put("eofpool.drain.max-bytes", "256KB");
		expectedDefaults.put("eofpool.drain.timeout", "100ms");
		expectedDefaults.put("eofpool.leak-detection.enabled", true);
		expectedDefaults.put("eofpool.leak-detection.call-sites", false);
		expectedDefaults.put("eofpool.limits.max-status-line-length", 8192);
		expectedDefaults.put("eofpool.limits.max-header-line-length", 16384);
		expectedDefaults.put("eofpool.limits.max-header-block-size", "64KB");
		expectedDefaults.put("eofpool.limits.max-header-count", 256);
		expectedDefaults.put("eofpool.proxy.use-system-properties", false);
		expectedDefaults.put("eofpool.tcp-keep-alive.enabled", true);
		expectedDefaults.put("eofpool.warm-up.timeout", "30s");
		expectedDefaults.put("eofpool.warm-up.fail-on-error", false);
		assertThat(properties).containsKeys(expectedDefaults.keySet().toArray(String[]::new))
			.containsKeys("eofpool.max-connections-total", "eofpool.max-waiters-per-host",
					"eofpool.response-head-timeout", "eofpool.tcp-keep-alive.idle", "eofpool.tcp-keep-alive.interval",
					"eofpool.tcp-keep-alive.count")
			.containsKeys("eofpool.hosts", "eofpool.proxy.host", "eofpool.proxy.port", "eofpool.proxy.username",
					"eofpool.proxy.password", "eofpool.proxy.non-proxy-hosts");
		expectedDefaults.forEach((name, value) -> assertThat(properties.get(name).get("defaultValue")).as(name)
			.hasToString(String.valueOf(value)));
		properties.forEach((name, property) -> {
			String description = (String) property.get("description");
			assertThat(description).as(name).isNotBlank().doesNotStartWith("The ").doesNotStartWith("A ");
			if ("java.lang.Boolean".equals(property.get("type"))) {
				assertThat(description).as(name).startsWith("Whether");
			}
		});
	}

	@Test
	void hostsDescriptionNamesEveryPerHostSetting() throws IOException {
		String description = (String) eofpoolProperties().get("eofpool.hosts").get("description");
		assertThat(EofPoolPropertyCheck.HOST_SETTINGS).hasSize(13)
			.allSatisfy((setting) -> assertThat(description).contains(setting));
	}

	@Test
	void everyEnumPropertyHasAHintForEachValue() throws Exception {
		Map<String, List<String>> hints = hints();
		int enums = 0;
		for (Map.Entry<String, Map<String, Object>> property : eofpoolProperties().entrySet()) {
			String typeName = ((String) property.getValue().get("type")).replaceAll("<.*", "");
			Class<?> type = ClassUtils.resolveClassName(typeName, null);
			if (type.isEnum()) {
				enums++;
				List<String> values = new ArrayList<>();
				for (Object constant : type.getEnumConstants()) {
					values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
				}
				assertThat(hints).as(property.getKey()).containsEntry(property.getKey(), values);
			}
		}
		assertThat(enums).isPositive();
		assertThat(hints.get("eofpool.hosts.keys")).containsExactly("[api.example.com:443]", "[api.example.com]",
				"[*.internal]");
		assertThat(hints.get("eofpool.health.saturation.status")).contains("UP", "DOWN", "OUT_OF_SERVICE");
		assertThat(hints.get("eofpool.health.connect-failures.status")).contains("UP", "DOWN", "OUT_OF_SERVICE");
	}

	/** Every hint of the metadata, by name: its values. */
	@SuppressWarnings("unchecked")
	private Map<String, List<String>> hints() throws IOException {
		Map<String, List<String>> found = new LinkedHashMap<>();
		for (URL url : Collections.list(getClass().getClassLoader().getResources(METADATA))) {
			String json;
			try (InputStream in = url.openStream()) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Object hints = JsonParserFactory.getJsonParser().parseMap(json).get("hints");
			for (Object element : (hints != null) ? (List<Object>) hints : List.of()) {
				Map<String, Object> hint = (Map<String, Object>) element;
				List<String> values = new ArrayList<>();
				for (Object value : (List<Object>) hint.getOrDefault("values", List.of())) {
					values.add(String.valueOf(((Map<String, Object>) value).get("value")));
				}
				found.put((String) hint.get("name"), values);
			}
		}
		return found;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> eofpoolProperties() throws IOException {
		Map<String, Map<String, Object>> found = new LinkedHashMap<>();
		for (URL url : Collections.list(getClass().getClassLoader().getResources(METADATA))) {
			String json;
			try (InputStream in = url.openStream()) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			List<Object> properties = (List<Object>) JsonParserFactory.getJsonParser().parseMap(json).get("properties");
			for (Object element : properties) {
				Map<String, Object> property = (Map<String, Object>) element;
				String name = (String) property.get("name");
				if (name.startsWith("eofpool.") && property.get("sourceType").toString().startsWith(
						EofPoolProperties.class.getName())) {
					found.put(name, property);
				}
			}
		}
		return found;
	}

}
