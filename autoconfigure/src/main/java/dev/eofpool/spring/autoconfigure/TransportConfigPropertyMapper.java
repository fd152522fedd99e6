package dev.eofpool.spring.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.InvalidSettingException;
import dev.eofpool.transport.SettingNames;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.proxy.ProxySettings;

/**
 * Maps {@link EofPoolProperties} to a validated {@link TransportConfig}. The transport validates every value and
 * throws an {@link InvalidSettingException} whose {@code field()} names its setting; this mapper turns that field back
 * into the {@code eofpool.*} property the user wrote, so start-up fails with an
 * {@link InvalidConfigurationPropertyValueException} naming the property and its value. The transport-wide per-host
 * settings reach the transport only when written (or changed from the default), so the check that an idle limit does
 * not exceed the connection limit applies only to limits written side by side.
 */
final class TransportConfigPropertyMapper {

	private static final String PREFIX = "eofpool.";

	/** A transport field in a reason ({@code maxConnectionsPerHost}, {@code hosts[api:80].maxConnections}). */
	private static final Pattern FIELD = Pattern.compile("hosts\\[[^\\]]*\\](\\.\\w+)?|\\b[a-z]\\w*\\b");

	/** Transport field name ({@link InvalidSettingException#field()}) to the property that set it. */
	private final Map<String, Property> properties = new HashMap<>();

	/** Host pattern in lower case, as the transport names it, to the key the user wrote. */
	private final Map<String, String> hostKeys = new HashMap<>();

	private final TransportConfig.Builder builder = TransportConfig.builder();

	private final Set<ConfigurationPropertyName> written;

	private TransportConfigPropertyMapper(Set<ConfigurationPropertyName> written) {
		this.written = written;
	}

	/**
	 * Returns the transport configuration the properties describe.
	 * @param written the names of the properties the environment sets, as bound
	 * @throws InvalidConfigurationPropertyValueException naming the first property whose value is not allowed
	 */
	static TransportConfig map(EofPoolProperties properties, Set<ConfigurationPropertyName> written) {
		return new TransportConfigPropertyMapper(written).apply(properties);
	}

	private TransportConfig apply(EofPoolProperties p) {
		TransportConfig.Builder b = this.builder;
		HostSettings d = HostSettings.DEFAULTS;
		mapWritten("maxConnectionsPerHost", "max-connections-per-host", p.getMaxConnectionsPerHost(),
				d.maxConnections(), b::maxConnectionsPerHost);
		mapWritten("maxIdlePerHost", "max-idle-per-host", p.getMaxIdlePerHost(), d.maxIdle(), b::maxIdlePerHost);
		mapWritten("acquireTimeout", "acquire-timeout", p.getAcquireTimeout(), d.acquireTimeout(), b::acquireTimeout);
		mapWritten("exhaustionPolicy", "exhaustion-policy", p.getExhaustionPolicy(), d.exhaustionPolicy(),
				b::exhaustionPolicy);
		mapWritten("idleTimeout", "idle-timeout", p.getIdleTimeout(), d.idleTimeout(), b::idleTimeout);
		mapWritten("maxLifetime", "max-lifetime", p.getMaxLifetime(), d.maxLifetime(), b::maxLifetime);
		map("maxIdleTotal", "max-idle-total", p.getMaxIdleTotal(), b::maxIdleTotal);
		mapIfSet("maxConnectionsTotal", "max-connections-total", p.getMaxConnectionsTotal(), b::maxConnectionsTotal);
		mapIfSet("maxWaitersPerHost", "max-waiters-per-host", p.getMaxWaitersPerHost(), b::maxWaitersPerHost);
		mapIfSet("responseHeadTimeout", "response-head-timeout", p.getResponseHeadTimeout(), b::responseHeadTimeout);
		EofPoolProperties.TcpKeepAlive keepAlive = p.getTcpKeepAlive();
		b.tcpKeepAlive(keepAlive.isEnabled());
		mapIfSet("tcpKeepAliveIdle", "tcp-keep-alive.idle", keepAlive.getIdle(), b::tcpKeepAliveIdle);
		mapIfSet("tcpKeepAliveInterval", "tcp-keep-alive.interval", keepAlive.getInterval(), b::tcpKeepAliveInterval);
		mapIfSet("tcpKeepAliveCount", "tcp-keep-alive.count", keepAlive.getCount(), b::tcpKeepAliveCount);
		map("validateAfterIdle", "validate-after-idle", p.getValidateAfterIdle(), b::validateAfterIdle);
		map("keepAliveMargin", "keep-alive-margin", p.getKeepAliveMargin(), b::keepAliveMargin);
		b.retryStale(p.isRetryStale());
		b.learnServerIdleTimeout(p.isLearnServerIdleTimeout());
		b.backgroundEviction(p.isBackgroundEviction());
		b.leakDetection(p.getLeakDetection().isEnabled());
		b.leakCallSites(p.getLeakDetection().isCallSites());
		this.properties.put("leakDetection", new Property("leak-detection.enabled", null));
		this.properties.put("leakCallSites", new Property("leak-detection.call-sites", null));
		map("drainMaxBytes", "drain.max-bytes", p.getDrain().getMaxBytes(),
				(size) -> b.drainMaxBytes(size.toBytes()));
		map("drainTimeout", "drain.timeout", p.getDrain().getTimeout(), b::drainTimeout);
		b.compression(p.getCompression().isEnabled());
		DataSize maxDecoded = p.getCompression().getMaxDecodedSize();
		if (maxDecoded != null) { // unset: no cap
			map("maxDecodedSize", "compression.max-decoded-size", maxDecoded, (size) -> b.maxDecodedSize(size.toBytes()));
		}
		EofPoolProperties.Limits limits = p.getLimits();
		map("maxStatusLineLength", "limits.max-status-line-length", limits.getMaxStatusLineLength(),
				b::maxStatusLineLength);
		map("maxHeaderLineLength", "limits.max-header-line-length", limits.getMaxHeaderLineLength(),
				b::maxHeaderLineLength);
		map("maxHeaderBlockSize", "limits.max-header-block-size", limits.getMaxHeaderBlockSize(),
				(size) -> b.maxHeaderBlockSize(intBytes("limits.max-header-block-size", size)));
		map("maxHeaderCount", "limits.max-header-count", limits.getMaxHeaderCount(), b::maxHeaderCount);
		EofPoolProperties.Dns dns = p.getDns();
		mapWritten("dnsRefreshInterval", "dns.refresh-interval", dns.getRefreshInterval(),
				d.dnsRefreshInterval(), b::dnsRefreshInterval);
		map("connectStagger", "dns.connect-stagger", dns.getConnectStagger(), b::connectStagger);
		map("addressFailureMemory", "dns.failure-memory", dns.getFailureMemory(), b::addressFailureMemory);
		p.getHosts().forEach(this::mapHost);
		mapProxy(p.getProxy());
		b.settingNames(new PropertyNames(this));
		try {
			return b.build();
		}
		catch (InvalidSettingException ex) {
			throw translate(ex);
		}
	}

	private void mapHost(String pattern, EofPoolProperties.Host host) {
		this.hostKeys.put(pattern.toLowerCase(Locale.ROOT), pattern);
		HostSettings settings = new HostSettings(host.getMaxConnections(), host.getMaxIdle(), host.getAcquireTimeout(),
				host.getIdleTimeout(), host.getMaxLifetime(), host.getConnectTimeout(), host.getReadTimeout(),
				host.getExhaustionPolicy(), host.getMinIdle(), host.getMaxWaiters(), host.getResponseHeadTimeout(),
				host.getDnsRefreshInterval());
		try {
			this.builder.host(pattern, settings);
		}
		catch (InvalidSettingException ex) {
			throw translate(ex);
		}
	}

	/**
	 * Maps {@code eofpool.proxy.*}: nothing set leaves requests direct; {@code host} (with {@code port}) names one
	 * proxy, {@code use-system-properties} asks the JVM's default {@code ProxySelector}; credentials go with either.
	 */
	private void mapProxy(EofPoolProperties.Proxy proxy) {
		String host = proxy.getHost();
		Integer port = proxy.getPort();
		String username = proxy.getUsername();
		String password = proxy.getPassword();
		List<String> nonProxyHosts = proxy.getNonProxyHosts();
		proxyProperty("proxy.host", "host", host);
		proxyProperty("proxy.port", "port", port);
		proxyProperty("proxy.username", "username", username);
		// never echo a password back into an exception message
		proxyProperty("proxy.password", "password", (password != null) ? "******" : null);
		proxyProperty("proxy.nonProxyHosts", "non-proxy-hosts", nonProxyHosts);
		boolean system = proxy.isUseSystemProperties();
		if (system && (host != null || port != null)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "proxy.use-system-properties", true,
					"Cannot be combined with " + PREFIX + "proxy.host and " + PREFIX + "proxy.port: use one or the "
							+ "other");
		}
		if (!system && host == null) {
			if (port != null || username != null || password != null || !nonProxyHosts.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "proxy.host", null,
						"A value is required when other " + PREFIX + "proxy.* properties are set (or set " + PREFIX
								+ "proxy.use-system-properties=true)");
			}
			return;
		}
		if (host != null && port == null) {
			throw required("proxy.port", "proxy.host");
		}
		if (username == null && password != null) {
			throw required("proxy.username", "proxy.password");
		}
		if (username != null && password == null) {
			throw required("proxy.password", "proxy.username");
		}
		try {
			ProxySettings settings = (host != null && port != null) ? ProxySettings.of(host, port)
					: ProxySettings.system();
			if (username != null && password != null) {
				settings = settings.withCredentials(username, password);
			}
			if (!nonProxyHosts.isEmpty()) {
				settings = settings.withNonProxyHosts(nonProxyHosts.toArray(String[]::new));
			}
			this.builder.proxy(settings);
		}
		catch (IllegalArgumentException ex) {
			throw translateProxy(ex);
		}
	}

	private static InvalidConfigurationPropertyValueException required(String property, String because) {
		return new InvalidConfigurationPropertyValueException(PREFIX + property, null,
				"A value is required when " + PREFIX + because + " is set");
	}

	private void proxyProperty(String field, String property, @Nullable Object value) {
		this.properties.put(field, new Property("proxy." + property, value));
	}

	/**
	 * Maps a transport-wide per-host setting when the environment writes it or its value is not the default (set
	 * in code): an unwritten default stays the transport's own, which a stricter limit written beside it may undercut.
	 */
	private <T> void mapWritten(String field, String property, @Nullable T value, T defaultValue,
			Consumer<T> setter) {
		if (this.written.contains(ConfigurationPropertyName.of(PREFIX + property)) || !defaultValue.equals(value)) {
			map(field, property, value, setter);
		}
		else {
			this.properties.put(field, new Property(property, value));
		}
	}

	/** Maps an optional setting: unset leaves the transport's default (no limit, the read timeout, the system's). */
	private <T> void mapIfSet(String field, String property, @Nullable T value, Consumer<T> setter) {
		this.properties.put(field, new Property(property, value));
		if (value != null) {
			setter.accept(value);
		}
	}

	private <T> void map(String field, String property, @Nullable T value, Consumer<T> setter) {
		this.properties.put(field, new Property(property, value));
		if (value == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, null, "A value is required");
		}
		setter.accept(value);
	}

	private static int intBytes(String property, DataSize size) {
		long bytes = size.toBytes();
		if (bytes > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, size,
					"Must be at most " + Integer.MAX_VALUE + " bytes");
		}
		return (int) bytes;
	}

	/** The transport's field as the {@code eofpool.*} property the user wrote, with its value and reason. */
	private RuntimeException translate(InvalidSettingException ex) {
		String field = ex.field();
		Property property = property(field);
		Object value = (property.value() != null) ? property.value() : ex.value();
		return new InvalidConfigurationPropertyValueException(PREFIX + property.name(), value, reason(ex.reason()));
	}

	/**
	 * The property of a field: a transport-wide one from the fields mapped above, a per-host one from its key and
	 * the field's name in Boot's dashed form ({@code hosts[api:80].maxIdle} is {@code hosts.[api:80].max-idle}).
	 */
	private Property property(String field) {
		Property mapped = this.properties.get(field);
		if (mapped != null) {
			return mapped;
		}
		int close = field.indexOf(']');
		if (field.startsWith("hosts[") && close > 0) {
			String pattern = field.substring(6, close);
			String key = this.hostKeys.getOrDefault(pattern, pattern);
			if (close + 1 == field.length()) {
				return new Property("hosts.[" + key + "]", key);
			}
			return new Property(hostProperty(key, field.substring(close + 2)), null);
		}
		return new Property(field, null);
	}

	/** A per-host setting's property relative to the prefix: {@code hosts.[api:80].max-idle} for {@code maxIdle}. */
	private static String hostProperty(String key, String setting) {
		return "hosts.[" + key + "]." + DataObjectPropertyName.toDashedForm(setting);
	}

	/** The transport's reason, capitalized, with each transport field in it written as its property. */
	private String reason(String reason) {
		Matcher matcher = FIELD.matcher(reason);
		StringBuilder text = new StringBuilder();
		while (matcher.find()) {
			String field = matcher.group();
			boolean known = this.properties.containsKey(field) || field.startsWith("hosts[");
			matcher.appendReplacement(text, Matcher.quoteReplacement(known ? PREFIX + property(field).name() : field));
		}
		matcher.appendTail(text);
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/**
	 * A proxy setting's error: {@code ProxySettings} (in the transport's proxy package, which cannot depend on
	 * {@link InvalidSettingException} without a package cycle) starts its message with the setting's name.
	 */
	private RuntimeException translateProxy(IllegalArgumentException ex) {
		String message = String.valueOf(ex.getMessage());
		for (Map.Entry<String, Property> entry : this.properties.entrySet()) {
			if (entry.getKey().startsWith("proxy.") && message.startsWith(entry.getKey() + " ")) {
				Property property = entry.getValue();
				String reason = message.substring(entry.getKey().length() + 1);
				return new InvalidConfigurationPropertyValueException(PREFIX + property.name(), property.value(),
						Character.toUpperCase(reason.charAt(0)) + reason.substring(1));
			}
		}
		return new IllegalStateException("Invalid eofpool proxy configuration: " + message, ex);
	}

	private record Property(String name, @Nullable Object value) {
	}

	/**
	 * The transport's {@link SettingNames} in Boot's terms, from the same table as {@link #translate}: a transport-wide
	 * setting is its {@code eofpool.*} property, a per-host one {@code eofpool.hosts.[key].<setting>} with the key as
	 * the user wrote it (or the pattern to add); the timeouts Boot owns are its {@code spring.http.clients.*} ones, which
	 * reach every request; a setting without a property keeps the builder's name.
	 */
	private static final class PropertyNames implements SettingNames {

		private static final String BOOT_PREFIX = "spring.http.clients.";

		private final Map<String, String> transportWide = new HashMap<>();

		private final Map<String, String> hostKeys;

		PropertyNames(TransportConfigPropertyMapper mapper) {
			mapper.properties.forEach((field, property) -> this.transportWide.put(field, PREFIX + property.name()));
			this.transportWide.put("readTimeout", BOOT_PREFIX + "read-timeout");
			this.transportWide.put("connectTimeout", BOOT_PREFIX + "connect-timeout");
			this.hostKeys = Map.copyOf(mapper.hostKeys);
		}

		@Override
		public String transportWide(String setting) {
			String name = this.transportWide.get(setting);
			// a setting no property maps to can only be set in code: name the builder's method
			return (name != null) ? name : SettingNames.BUILDER.transportWide(setting);
		}

		@Override
		public String perHost(String pattern, String setting) {
			return PREFIX + hostProperty(this.hostKeys.getOrDefault(pattern, pattern), setting);
		}

		@Override
		public String perRequest(String setting) {
			return BOOT_PREFIX + DataObjectPropertyName.toDashedForm(setting);
		}
	}

}
