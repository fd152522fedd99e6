package dev.eofpool.spring.autoconfigure;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.TransportConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@link EofPoolProperties} to a validated {@link TransportConfig}. The transport validates every value and names
 * its own field when one is wrong; this mapper turns that field back into the {@code eofpool.*} property the user
 * wrote, so start-up fails with an {@link InvalidConfigurationPropertyValueException} naming the property and its
 * value.
 */
final class TransportConfigPropertyMapper {

	private static final String PREFIX = "eofpool.";

	/** Transport field name (as in its validation messages) to the property that set it. */
	private final Map<String, Property> properties = new HashMap<>();

	private final TransportConfig.Builder builder = TransportConfig.builder();

	private TransportConfigPropertyMapper() {
	}

	/**
	 * Returns the transport configuration the properties describe.
	 * @throws InvalidConfigurationPropertyValueException naming the first property whose value is not allowed
	 */
	static TransportConfig map(EofPoolProperties properties) {
		return new TransportConfigPropertyMapper().apply(properties);
	}

	private TransportConfig apply(EofPoolProperties p) {
		TransportConfig.Builder b = this.builder;
		map("maxConnectionsPerHost", "max-connections-per-host", p.getMaxConnectionsPerHost(),
				b::maxConnectionsPerHost);
		map("maxIdlePerHost", "max-idle-per-host", p.getMaxIdlePerHost(), b::maxIdlePerHost);
		map("maxIdleTotal", "max-idle-total", p.getMaxIdleTotal(), b::maxIdleTotal);
		map("acquireTimeout", "acquire-timeout", p.getAcquireTimeout(), b::acquireTimeout);
		map("exhaustionPolicy", "exhaustion-policy", p.getExhaustionPolicy(), b::exhaustionPolicy);
		map("idleTimeout", "idle-timeout", p.getIdleTimeout(), b::idleTimeout);
		map("maxLifetime", "max-lifetime", p.getMaxLifetime(), b::maxLifetime);
		map("validateAfterIdle", "validate-after-idle", p.getValidateAfterIdle(), b::validateAfterIdle);
		map("keepAliveMargin", "keep-alive-margin", p.getKeepAliveMargin(), b::keepAliveMargin);
		b.retryStale(p.isRetryStale());
		b.learnServerIdleTimeout(p.isLearnServerIdleTimeout());
		b.backgroundEviction(p.isBackgroundEviction());
		b.leakDetection(p.getLeakDetection().isEnabled());
		b.leakCallSites(p.getLeakDetection().isCallSites());
		map("drainMaxBytes", "drain.max-bytes", p.getDrain().getMaxBytes(),
				(size) -> b.drainMaxBytes(size.toBytes()));
		map("drainTimeout", "drain.timeout", p.getDrain().getTimeout(), b::drainTimeout);
		EofPoolProperties.Limits limits = p.getLimits();
		map("maxStatusLineLength", "limits.max-status-line-length", limits.getMaxStatusLineLength(),
				b::maxStatusLineLength);
		map("maxHeaderLineLength", "limits.max-header-line-length", limits.getMaxHeaderLineLength(),
				b::maxHeaderLineLength);
		map("maxHeaderBlockSize", "limits.max-header-block-size", limits.getMaxHeaderBlockSize(),
				(size) -> b.maxHeaderBlockSize(intBytes("limits.max-header-block-size", size)));
		map("maxHeaderCount", "limits.max-header-count", limits.getMaxHeaderCount(), b::maxHeaderCount);
		p.getHosts().forEach(this::mapHost);
		try {
			return b.build();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw translate(ex);
		}
	}

	private void mapHost(String pattern, EofPoolProperties.Host host) {
		String property = "hosts.[" + pattern + "]";
		String field = "hosts[" + pattern.toLowerCase(Locale.ROOT) + "].";
		hostProperty(field + "maxConnections", property + ".max-connections", host.getMaxConnections());
		hostProperty(field + "maxIdle", property + ".max-idle", host.getMaxIdle());
		hostProperty(field + "acquireTimeout", property + ".acquire-timeout", host.getAcquireTimeout());
		hostProperty(field + "idleTimeout", property + ".idle-timeout", host.getIdleTimeout());
		hostProperty(field + "maxLifetime", property + ".max-lifetime", host.getMaxLifetime());
		hostProperty(field + "connectTimeout", property + ".connect-timeout", host.getConnectTimeout());
		hostProperty(field + "readTimeout", property + ".read-timeout", host.getReadTimeout());
		HostSettings settings = new HostSettings(host.getMaxConnections(), host.getMaxIdle(), host.getAcquireTimeout(),
				host.getIdleTimeout(), host.getMaxLifetime(), host.getConnectTimeout(), host.getReadTimeout(),
				host.getExhaustionPolicy());
		try {
			this.builder.host(pattern, settings);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, pattern,
					"Host patterns are host:port, host or *.suffix, written in brackets (" + PREFIX
							+ "hosts.[*.example.com].max-connections)");
		}
	}

	private void hostProperty(String field, String property, @Nullable Object value) {
		this.properties.put(field, new Property(property, value));
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

	/**
	 * Turns the transport's message, which starts with the field's name ("maxIdleTotal must be at least 0 but was -1",
	 * "hosts[*.internal].maxConnections must be ..."), into an exception naming the property and value.
	 */
	private RuntimeException translate(RuntimeException ex) {
		String message = String.valueOf(ex.getMessage());
		int space = message.indexOf(' ');
		String field = (space > 0) ? message.substring(0, space) : message;
		Property property = this.properties.get(field);
		if (property == null) {
			return new IllegalStateException("Invalid eofpool configuration: " + message, ex);
		}
		int must = message.indexOf(" must ");
		String reason = (must > 0) ? "Must" + message.substring(must + 5) : message;
		return new InvalidConfigurationPropertyValueException(PREFIX + property.name(), property.value(), reason);
	}

	private record Property(String name, @Nullable Object value) {
	}

}
