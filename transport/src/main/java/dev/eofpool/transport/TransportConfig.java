package dev.eofpool.transport;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable, validated settings of an {@link HttpTransport}. Build with {@link #builder()}; every value has a
 * production-safe default, and {@link Builder#build()} rejects a bad value with a message naming it.
 */
public final class TransportConfig extends TransportValuesView {

	/** Default limit of idle connections kept in total. */
	public static final int DEFAULT_MAX_IDLE_TOTAL = 512;

	/** Default limit of bytes read to drain a body closed before its end, so its connection can be reused. */
	public static final long DEFAULT_DRAIN_MAX_BYTES = 256 * 1024;

	/** Default limit of time spent draining a body closed before its end. */
	public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMillis(100);

	/** Default idle age after which a connection is probed for a server close before reuse. */
	public static final Duration DEFAULT_VALIDATE_AFTER_IDLE = Duration.ofMillis(100);

	/** Default margin kept before a server's advertised or learned idle timeout. */
	public static final Duration DEFAULT_KEEP_ALIVE_MARGIN = Duration.ofMillis(500);

	/** Default limit of the status line's length. */
	public static final int DEFAULT_MAX_STATUS_LINE_LENGTH = 8 * 1024;

	/** Default limit of one header line's length. */
	public static final int DEFAULT_MAX_HEADER_LINE_LENGTH = 16 * 1024;

	/** Default limit of the whole response head (status line, headers, line ends). */
	public static final int DEFAULT_MAX_HEADER_BLOCK_SIZE = 64 * 1024;

	/** Default limit of the number of header fields in a response head (and of trailer fields). */
	public static final int DEFAULT_MAX_HEADER_COUNT = 256;

	/** Default delay after which a dial that has not connected starts an attempt on the next address (RFC 8305). */
	public static final Duration DEFAULT_CONNECT_STAGGER = Duration.ofMillis(250);

	/** Default time an address that failed to connect is tried after the others. */
	public static final Duration DEFAULT_ADDRESS_FAILURE_MEMORY = Duration.ofSeconds(60);

	/** The transport-wide per-host settings as written (unset components {@code null}), for {@link #toBuilder()}. */
	private final HostSettings written;

	/** {@link #written} over {@link HostSettings#DEFAULTS}. */
	private final HostSettings hostDefaults;

	private final Map<String, HostSettings> hosts;

	private TransportConfig(Builder b) {
		super(b.values.clone());
		this.written = b.written;
		this.hostDefaults = b.written.over(HostSettings.DEFAULTS);
		this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(b.hosts));
	}

	/** A configuration with every default. */
	public static TransportConfig defaults() {
		return builder().build();
	}

	/** A builder holding every default. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this configuration's values. */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.written = this.written;
		b.hosts.putAll(this.hosts);
		b.values = this.values.clone();
		return b;
	}

	/**
	 * The settings in force for one host and port (every component set): {@link #hostDefaults()} under the most
	 * specific matching overlay ({@code host:port}, then {@code host}, then the longest {@code *.suffix}).
	 */
	public HostSettings settingsFor(String host, int port) {
		HostSettings overlay = HostPatterns.match(this.hosts, host.toLowerCase(Locale.ROOT), port);
		return (overlay != null) ? overlay.over(this.hostDefaults) : this.hostDefaults;
	}

	/** The transport-wide per-host settings in force (every component set), which per-host overlays override. */
	public HostSettings hostDefaults() {
		return this.hostDefaults;
	}

	/** Per-host overlays by pattern (lower case), in the order given; unset components inherit. */
	public Map<String, HostSettings> hosts() {
		return this.hosts;
	}

	/**
	 * The per-host pattern whose overlay applies to this host and port (see {@link #settingsFor}), or {@code null}
	 * when none matches.
	 */
	public String hostPattern(String host, int port) {
		return HostPatterns.matchingPattern(this.hosts, host.toLowerCase(Locale.ROOT), port);
	}

	/**
	 * The name ({@link #settingNames()}) of the setting that decides a {@link HostSettings} component for this host and
	 * port: the matching per-host pattern's when its overlay sets the component, otherwise the transport-wide one.
	 * @param setting the component, such as {@code maxConnections} or {@code acquireTimeout}
	 * @throws IllegalArgumentException when {@code setting} is not a {@link HostSettings} component
	 */
	public String settingInForce(String host, int port, String setting) {
		String pattern = hostPattern(host, port);
		if (pattern != null && sets(this.hosts.get(pattern), setting)) {
			return settingNames().perHost(pattern, setting);
		}
		return settingNames().transportWide(Builder.globalName(setting));
	}

	/** Whether an overlay sets the component of this name. */
	private static boolean sets(HostSettings overlay, String setting) {
		Object value = switch (setting) {
			case "maxConnections" -> overlay.maxConnections();
			case "maxIdle" -> overlay.maxIdle();
			case "acquireTimeout" -> overlay.acquireTimeout();
			case "idleTimeout" -> overlay.idleTimeout();
			case "maxLifetime" -> overlay.maxLifetime();
			case "connectTimeout" -> overlay.connectTimeout();
			case "readTimeout" -> overlay.readTimeout();
			case "exhaustionPolicy" -> overlay.exhaustionPolicy();
			case "maxWaiters" -> overlay.maxWaiters();
			case "minIdle" -> overlay.minIdle();
			case "responseHeadTimeout" -> overlay.responseHeadTimeout();
			default -> throw new IllegalArgumentException("No per-host setting " + setting);
		};
		return value != null;
	}

	/**
	 * Collects settings; {@link #build()} validates them all at once. The transport-wide per-host settings are kept as
	 * written, an overlay over {@link HostSettings#DEFAULTS} checked like each host's. Not thread-safe.
	 */
	public static final class Builder extends TransportValuesBuilder<Builder> {

		private HostSettings written = HostSettings.NONE;

		private final Map<String, HostSettings> hosts = new LinkedHashMap<>();

		private Builder() {
		}

		@Override
		Builder self() {
			return this;
		}

		/** Limit of connections (leased, idle and being opened) to one host. */
		public Builder maxConnectionsPerHost(int value) {
			this.written = this.written.withMaxConnections(value);
			return this;
		}

		/** Limit of idle connections kept for one host; the surplus is closed when released. */
		public Builder maxIdlePerHost(int value) {
			this.written = this.written.withMaxIdle(value);
			return this;
		}

		/** Longest wait for a connection when a host is at its limit ({@code null}: the default). */
		public Builder acquireTimeout(Duration value) {
			this.written = this.written.withAcquireTimeout(value);
			return this;
		}

		/** What a request does when its host is at its limit ({@code null}: the default). */
		public Builder exhaustionPolicy(ExhaustionPolicy value) {
			this.written = this.written.withExhaustionPolicy(value);
			return this;
		}

		/** How long an unused connection is kept ({@code null}: the default). */
		public Builder idleTimeout(Duration value) {
			this.written = this.written.withIdleTimeout(value);
			return this;
		}

		/** Age after which a connection is not reused ({@link Duration#ZERO} for none, {@code null}: the default). */
		public Builder maxLifetime(Duration value) {
			this.written = this.written.withMaxLifetime(value);
			return this;
		}

		/**
		 * Default connect timeout ({@code null}: the default). It bounds a dial from its first connect attempt: the
		 * race of the addresses, the TCP connects and the TLS handshake (through a proxy, each read and write of the
		 * tunnel's set-up too).
		 * The name look-up before it is the {@link Resolver}'s, bounded by the resolver itself (the JDK's, for the
		 * default), as in OkHttp and Apache HttpClient.
		 */
		public Builder connectTimeout(Duration value) {
			this.written = this.written.withConnectTimeout(value);
			return this;
		}

		/** Longest each blocking read or write may take ({@link Duration#ZERO} forever, {@code null}: the default). */
		public Builder readTimeout(Duration value) {
			this.written = this.written.withReadTimeout(value);
			return this;
		}

		/** Limit of requests waiting at one host's connection limit; past it a request fails at once. */
		public Builder maxWaitersPerHost(int value) {
			this.written = this.written.withMaxWaiters(value);
			return this;
		}

		/**
		 * How often each host is resolved again, so connections to addresses gone from its answer are closed
		 * ({@link Duration#ZERO}: never, the default; {@code null}: the default).
		 */
		public Builder dnsRefreshInterval(Duration value) {
			this.written = this.written.withDnsRefreshInterval(value);
			return this;
		}

		/**
		 * Overrides for the hosts matching {@code pattern} ({@code host:port}, {@code host} or {@code *.suffix}).
		 * @throws InvalidSettingException naming {@code hosts[pattern]} when the pattern is not one of those forms
		 */
		public Builder host(String pattern, HostSettings settings) {
			Objects.requireNonNull(settings, "settings");
			this.hosts.put(HostPatterns.check(pattern), settings);
			return this;
		}

		/**
		 * Validates every value and returns the configuration.
		 * @throws InvalidSettingException naming the first setting whose value is not allowed, and the value
		 */
		public TransportConfig build() {
			this.written.validate(Builder::globalName);
			if (this.written.minIdle() != null) {
				throw new InvalidSettingException("minIdle", this.written.minIdle(), "is a per-host setting only");
			}
			this.values.validate();
			this.hosts.forEach((pattern, overlay) -> overlay.validate((name) -> "hosts[" + pattern + "]." + name));
			return new TransportConfig(this);
		}

		/** The builder's name of a transport-wide per-host setting: {@code maxIdle} is {@code maxIdlePerHost}. */
		static String globalName(String name) {
			return name.startsWith("max") && !name.equals("maxLifetime") ? name + "PerHost" : name;
		}
	}
}
