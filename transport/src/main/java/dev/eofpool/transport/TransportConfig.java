package dev.eofpool.transport;

import java.net.ProxySelector;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.eofpool.transport.proxy.ProxySettings;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * Immutable, validated settings of an {@link HttpTransport}. Build with {@link #builder()}; every value has a
 * production-safe default, and {@link Builder#build()} rejects a bad value with a message naming it.
 */
public final class TransportConfig {

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

	private final TransportValues values;

	private TransportConfig(Builder b) {
		this.written = b.written;
		this.hostDefaults = b.written.over(HostSettings.DEFAULTS);
		this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(b.hosts));
		this.values = b.values.clone();
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

	/** Limit of idle connections kept in total. */
	public int maxIdleTotal() {
		return this.values.maxIdleTotal;
	}

	/** Longest time from the request's end to the response head's end, or {@code null} for the read timeout. */
	public Duration responseHeadTimeout() {
		return this.values.responseHeadTimeout;
	}

	/** Limit of connections (leased, idle and being opened) to all hosts together ({@link Integer#MAX_VALUE}: none). */
	public int maxConnectionsTotal() {
		return this.values.maxConnectionsTotal;
	}

	/** Whether sockets are opened with {@code SO_KEEPALIVE}. */
	public boolean tcpKeepAlive() {
		return this.values.tcpKeepAlive;
	}

	/** Idle time before the first TCP keep-alive probe ({@code TCP_KEEPIDLE}), or {@code null} for the system's. */
	public Duration tcpKeepAliveIdle() {
		return this.values.tcpKeepAliveIdle;
	}

	/** Time between TCP keep-alive probes ({@code TCP_KEEPINTERVAL}), or {@code null} for the system's. */
	public Duration tcpKeepAliveInterval() {
		return this.values.tcpKeepAliveInterval;
	}

	/** Unanswered TCP keep-alive probes before the connection is dropped ({@code TCP_KEEPCOUNT}), or {@code null}. */
	public Integer tcpKeepAliveCount() {
		return this.values.tcpKeepAliveCount;
	}

	/** Most bytes read to drain a body closed before its end. */
	public long drainMaxBytes() {
		return this.values.drainMaxBytes;
	}

	/** Longest time spent draining a body closed before its end. */
	public Duration drainTimeout() {
		return this.values.drainTimeout;
	}

	/** Idle age after which a connection is probed for a server close before reuse. */
	public Duration validateAfterIdle() {
		return this.values.validateAfterIdle;
	}

	/** Margin kept before a server's advertised or learned idle timeout. */
	public Duration keepAliveMargin() {
		return this.values.keepAliveMargin;
	}

	/** Whether a request that failed on a reused connection before any response byte is retried once. */
	public boolean retryStale() {
		return this.values.retryStale;
	}

	/** Whether the idle age at which a host was seen closing connections shortens its idle timeout. */
	public boolean learnServerIdleTimeout() {
		return this.values.learnServerIdleTimeout;
	}

	/** Whether a response body dropped without being read to its end or closed is detected. */
	public boolean leakDetection() {
		return this.values.leakDetection;
	}

	/** Whether each request records its call site for leak warnings. */
	public boolean leakCallSites() {
		return this.values.leakCallSites;
	}

	/** Whether a daemon thread closes expired idle connections without traffic. */
	public boolean backgroundEviction() {
		return this.values.backgroundEviction;
	}

	/** Limit of the status line's length. */
	public int maxStatusLineLength() {
		return this.values.maxStatusLineLength;
	}

	/** Limit of one header line's length. */
	public int maxHeaderLineLength() {
		return this.values.maxHeaderLineLength;
	}

	/** Limit of the whole response head. */
	public int maxHeaderBlockSize() {
		return this.values.maxHeaderBlockSize;
	}

	/** Limit of the number of header fields in a response head (and of trailer fields). */
	public int maxHeaderCount() {
		return this.values.maxHeaderCount;
	}

	/** Per-host overlays by pattern (lower case), in the order given; unset components inherit. */
	public Map<String, HostSettings> hosts() {
		return this.hosts;
	}

	/** How runtime errors and warnings name a setting to change ({@link SettingNames#BUILDER} by default). */
	public SettingNames settingNames() {
		return this.values.settingNames;
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

	/** Clock used for idle timeouts, lifetimes and waits. */
	public Ticker ticker() {
		return this.values.ticker;
	}

	/** Whether {@code gzip} and {@code deflate} are asked for (when the caller asks for no coding) and undone. */
	public boolean compression() {
		return this.values.compression;
	}

	/** Most bytes a decoded body may have; 0 for no limit. */
	public long maxDecodedSize() {
		return this.values.maxDecodedSize;
	}

	/** TLS settings of {@code https} requests that carry none, or {@code null} for {@link TlsSettings#defaults()}. */
	public TlsSettings tls() {
		return this.values.tls;
	}

	/** How requests choose an HTTP proxy ({@link ProxySettings#direct()} by default). */
	public ProxySettings proxy() {
		return this.values.proxy;
	}

	/** Turns host names into addresses ({@link Resolver#SYSTEM} by default). */
	public Resolver resolver() {
		return this.values.resolver;
	}

	/** Decides which resolved addresses may be dialled ({@link AddressFilter#ALLOW_ALL} by default). */
	public AddressFilter addressFilter() {
		return this.values.addressFilter;
	}

	/** Delay after which a dial that has not connected yet starts an attempt on the next address. */
	public Duration connectStagger() {
		return this.values.connectStagger;
	}

	/** How long an address that failed to connect is tried after the host's other addresses ({@code 0}: not at all). */
	public Duration addressFailureMemory() {
		return this.values.addressFailureMemory;
	}

	/**
	 * Collects settings; {@link #build()} validates them all at once. The transport-wide per-host settings are kept as
	 * written, an overlay over {@link HostSettings#DEFAULTS} checked like each host's. Not thread-safe.
	 */
	public static final class Builder {

		private HostSettings written = HostSettings.NONE;

		private final Map<String, HostSettings> hosts = new LinkedHashMap<>();

		private TransportValues values = new TransportValues();

		private Builder() {
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

		/** Default connect timeout ({@code null}: the default). */
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

		/** Turns host names into addresses ({@code null}: {@link Resolver#SYSTEM}). */
		public Builder resolver(Resolver value) {
			this.values.resolver = (value != null) ? value : Resolver.SYSTEM;
			return this;
		}

		/** Decides which resolved addresses may be dialled, proxies included ({@code null}: every address). */
		public Builder addressFilter(AddressFilter value) {
			this.values.addressFilter = (value != null) ? value : AddressFilter.ALLOW_ALL;
			return this;
		}

		/**
		 * Limit of connections (leased, idle and being opened) to all hosts together ({@link Integer#MAX_VALUE}, the
		 * default: none); at it requests wait in FIFO order, across hosts, up to their acquire timeout.
		 */
		public Builder maxConnectionsTotal(int value) {
			this.values.maxConnectionsTotal = value;
			return this;
		}

		/** Whether sockets are opened with {@code SO_KEEPALIVE} (on by default). */
		public Builder tcpKeepAlive(boolean value) {
			this.values.tcpKeepAlive = value;
			return this;
		}

		/** Idle time before the first TCP keep-alive probe, in whole seconds, where the JDK supports it. */
		public Builder tcpKeepAliveIdle(Duration value) {
			this.values.tcpKeepAliveIdle = value;
			return this;
		}

		/** Time between TCP keep-alive probes, in whole seconds, where the JDK supports it. */
		public Builder tcpKeepAliveInterval(Duration value) {
			this.values.tcpKeepAliveInterval = value;
			return this;
		}

		/** Unanswered TCP keep-alive probes before the connection is dropped, where the JDK supports it. */
		public Builder tcpKeepAliveCount(Integer value) {
			this.values.tcpKeepAliveCount = value;
			return this;
		}

		/**
		 * Delay after which a dial whose attempt has not connected starts one on the next address, racing both
		 * (RFC 8305 "Happy Eyeballs"); the connect timeout bounds the whole dial.
		 */
		public Builder connectStagger(Duration value) {
			this.values.connectStagger = value;
			return this;
		}

		/** How long an address that failed to connect is tried after the host's other addresses ({@code 0}: never). */
		public Builder addressFailureMemory(Duration value) {
			this.values.addressFailureMemory = value;
			return this;
		}

		/** Limit of idle connections kept in total; the least recently used is closed first. */
		public Builder maxIdleTotal(int value) {
			this.values.maxIdleTotal = value;
			return this;
		}

		/** Longest the whole response head may take, however steadily it trickles ({@code null}: the read timeout). */
		public Builder responseHeadTimeout(Duration value) {
			this.values.responseHeadTimeout = value;
			return this;
		}

		/** Most bytes read to drain a body closed before its end; past it the connection is closed. */
		public Builder drainMaxBytes(long value) {
			this.values.drainMaxBytes = value;
			return this;
		}

		/** Longest time spent draining a body closed before its end; past it the connection is closed. */
		public Builder drainTimeout(Duration value) {
			this.values.drainTimeout = value;
			return this;
		}

		/** Idle age after which a connection is probed (without a round trip) for a server close before reuse. */
		public Builder validateAfterIdle(Duration value) {
			this.values.validateAfterIdle = value;
			return this;
		}

		/** Margin kept before a server's advertised ({@code Keep-Alive: timeout=}) or learned idle timeout. */
		public Builder keepAliveMargin(Duration value) {
			this.values.keepAliveMargin = value;
			return this;
		}

		/** Whether to ask for and undo {@code gzip} and {@code deflate} content codings (default: true). */
		public Builder compression(boolean value) {
			this.values.compression = value;
			return this;
		}

		/** Most bytes a decoded body may have, past which reading it fails; 0 (the default) for no limit. */
		public Builder maxDecodedSize(long value) {
			this.values.maxDecodedSize = value;
			return this;
		}

		/** Whether a request that failed on a reused connection before any response byte is retried once. */
		public Builder retryStale(boolean value) {
			this.values.retryStale = value;
			return this;
		}

		/** Whether the idle age at which a host was seen closing connections shortens its idle timeout. */
		public Builder learnServerIdleTimeout(boolean value) {
			this.values.learnServerIdleTimeout = value;
			return this;
		}

		/** Whether a response body dropped without being read to its end or closed is detected and its socket closed. */
		public Builder leakDetection(boolean value) {
			this.values.leakDetection = value;
			return this;
		}

		/** Whether each request records its call site, so a leak warning can name where it was made (costly). */
		public Builder leakCallSites(boolean value) {
			this.values.leakCallSites = value;
			return this;
		}

		/** Whether a daemon thread closes expired idle connections without traffic (off: only at checkout). */
		public Builder backgroundEviction(boolean value) {
			this.values.backgroundEviction = value;
			return this;
		}

		/** Limit of the status line's length (at least 64). */
		public Builder maxStatusLineLength(int value) {
			this.values.maxStatusLineLength = value;
			return this;
		}

		/** Limit of one header line's length (at least 64). */
		public Builder maxHeaderLineLength(int value) {
			this.values.maxHeaderLineLength = value;
			return this;
		}

		/** Limit of the whole response head (at least the status line's limit and 256). */
		public Builder maxHeaderBlockSize(int value) {
			this.values.maxHeaderBlockSize = value;
			return this;
		}

		/** Limit of the number of header fields in a response head, and of trailer fields (at least 1). */
		public Builder maxHeaderCount(int value) {
			this.values.maxHeaderCount = value;
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
		 * How runtime errors and warnings name a setting to change: {@link SettingNames#BUILDER} (the default) names
		 * this builder's methods; a framework mapping its own configuration here installs its property names.
		 */
		public Builder settingNames(SettingNames value) {
			this.values.settingNames = Objects.requireNonNull(value, "settingNames");
			return this;
		}

		/** Clock used for idle timeouts, lifetimes and waits (tests inject their own). */
		public Builder ticker(Ticker value) {
			this.values.ticker = Objects.requireNonNull(value, "ticker");
			return this;
		}

		/** TLS settings of {@code https} requests that carry none ({@code null}: the JVM's default context). */
		public Builder tls(TlsSettings value) {
			this.values.tls = value;
			return this;
		}

		/** Which HTTP proxy requests go through: direct (the default), an explicit proxy, or a selector. */
		public Builder proxy(ProxySettings value) {
			this.values.proxy = value;
			return this;
		}

		/** Chooses each request's proxy with this selector ({@code null}: direct). */
		public Builder proxySelector(ProxySelector value) {
			this.values.proxy = (value != null) ? ProxySettings.selector(value) : ProxySettings.direct();
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
