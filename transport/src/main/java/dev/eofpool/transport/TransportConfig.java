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

	/** Default limit of connections per host: high enough never to surprise, low enough to stop a runaway. */
	public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 256;

	/** Default limit of idle connections kept per host. */
	public static final int DEFAULT_MAX_IDLE_PER_HOST = 64;

	/** Default limit of idle connections kept in total. */
	public static final int DEFAULT_MAX_IDLE_TOTAL = 512;

	/** Default longest wait for a connection at a host's limit. */
	public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);

	/** Default time an unused connection is kept: below the common server keep-alive timeouts (60 s and more). */
	public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

	/** Default age after which a connection is retired (so DNS and load-balancer changes are picked up). */
	public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(10);

	/** Default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** Default read timeout (per blocking read). */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

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

	private final int maxConnectionsPerHost;

	private final int maxIdlePerHost;

	private final int maxIdleTotal;

	private final Duration acquireTimeout;

	private final ExhaustionPolicy exhaustionPolicy;

	private final Duration idleTimeout;

	private final Duration maxLifetime;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Duration responseHeadTimeout;

	private final long drainMaxBytes;

	private final Duration drainTimeout;

	private final Duration validateAfterIdle;

	private final Duration keepAliveMargin;

	private final boolean retryStale;

	private final boolean learnServerIdleTimeout;

	private final boolean leakDetection;

	private final boolean leakCallSites;

	private final boolean backgroundEviction;

	private final int maxStatusLineLength;

	private final int maxHeaderLineLength;

	private final int maxHeaderBlockSize;

	private final int maxHeaderCount;

	private final Map<String, HostSettings> hosts;

	private final Ticker ticker;

	private final TlsSettings tls;

	private final ProxySettings proxy;

	private TransportConfig(Builder b) {
		this.maxConnectionsPerHost = b.maxConnectionsPerHost;
		this.maxIdlePerHost = b.maxIdlePerHost;
		this.maxIdleTotal = b.maxIdleTotal;
		this.acquireTimeout = b.acquireTimeout;
		this.exhaustionPolicy = b.exhaustionPolicy;
		this.idleTimeout = b.idleTimeout;
		this.maxLifetime = b.maxLifetime;
		this.connectTimeout = b.connectTimeout;
		this.readTimeout = b.readTimeout;
		this.responseHeadTimeout = b.responseHeadTimeout;
		this.drainMaxBytes = b.drainMaxBytes;
		this.drainTimeout = b.drainTimeout;
		this.validateAfterIdle = b.validateAfterIdle;
		this.keepAliveMargin = b.keepAliveMargin;
		this.retryStale = b.retryStale;
		this.learnServerIdleTimeout = b.learnServerIdleTimeout;
		this.leakDetection = b.leakDetection;
		this.leakCallSites = b.leakCallSites;
		this.backgroundEviction = b.backgroundEviction;
		this.maxStatusLineLength = b.maxStatusLineLength;
		this.maxHeaderLineLength = b.maxHeaderLineLength;
		this.maxHeaderBlockSize = b.maxHeaderBlockSize;
		this.maxHeaderCount = b.maxHeaderCount;
		this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(b.hosts));
		this.ticker = b.ticker;
		this.tls = b.tls;
		this.proxy = b.proxy;
		this.compression = b.compression; // issue 16: compression
		this.maxDecodedSize = b.maxDecodedSize; // issue 16: compression
	}

	/** A configuration with every default. */
	public static TransportConfig defaults() {
		return builder().build();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this configuration's values. */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.maxConnectionsPerHost = this.maxConnectionsPerHost;
		b.maxIdlePerHost = this.maxIdlePerHost;
		b.maxIdleTotal = this.maxIdleTotal;
		b.acquireTimeout = this.acquireTimeout;
		b.exhaustionPolicy = this.exhaustionPolicy;
		b.idleTimeout = this.idleTimeout;
		b.maxLifetime = this.maxLifetime;
		b.connectTimeout = this.connectTimeout;
		b.readTimeout = this.readTimeout;
		b.responseHeadTimeout = this.responseHeadTimeout;
		b.drainMaxBytes = this.drainMaxBytes;
		b.drainTimeout = this.drainTimeout;
		b.validateAfterIdle = this.validateAfterIdle;
		b.keepAliveMargin = this.keepAliveMargin;
		b.retryStale = this.retryStale;
		b.learnServerIdleTimeout = this.learnServerIdleTimeout;
		b.leakDetection = this.leakDetection;
		b.leakCallSites = this.leakCallSites;
		b.backgroundEviction = this.backgroundEviction;
		b.maxStatusLineLength = this.maxStatusLineLength;
		b.maxHeaderLineLength = this.maxHeaderLineLength;
		b.maxHeaderBlockSize = this.maxHeaderBlockSize;
		b.maxHeaderCount = this.maxHeaderCount;
		b.hosts.putAll(this.hosts);
		b.ticker = this.ticker;
		b.tls = this.tls;
		b.proxy = this.proxy;
		b.compression = this.compression; // issue 16: compression
		b.maxDecodedSize = this.maxDecodedSize; // issue 16: compression
		return b;
	}

	/**
	 * The settings for one host and port: the transport-wide values overridden, field by field, by the most specific
	 * matching {@link HostSettings} ({@code host:port}, then {@code host}, then the longest matching {@code *.suffix}).
	 */
	public RouteSettings settingsFor(String host, int port) {
		HostSettings o = matchHost(host.toLowerCase(Locale.ROOT), port);
		return new RouteSettings(pick(o.maxConnections(), this.maxConnectionsPerHost),
				pick(o.maxIdle(), this.maxIdlePerHost), pick(o.acquireTimeout(), this.acquireTimeout),
				pick(o.idleTimeout(), this.idleTimeout), pick(o.maxLifetime(), this.maxLifetime),
				pick(o.connectTimeout(), this.connectTimeout), pick(o.readTimeout(), this.readTimeout),
				pick(o.exhaustionPolicy(), this.exhaustionPolicy));
	}

	private HostSettings matchHost(String host, int port) {
		if (this.hosts.isEmpty()) {
			return HostSettings.NONE;
		}
		HostSettings exact = this.hosts.get(host + ":" + port);
		if (exact != null) {
			return exact;
		}
		HostSettings anyPort = this.hosts.get(host);
		if (anyPort != null) {
			return anyPort;
		}
		HostSettings best = HostSettings.NONE;
		int bestLength = -1;
		for (Map.Entry<String, HostSettings> e : this.hosts.entrySet()) {
			String pattern = e.getKey();
			if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && pattern.length() > bestLength) {
				best = e.getValue();
				bestLength = pattern.length();
			}
		}
		return best;
	}

	private static <T> T pick(T override, T fallback) {
		return (override != null) ? override : fallback;
	}

	public int maxConnectionsPerHost() {
		return this.maxConnectionsPerHost;
	}

	public int maxIdlePerHost() {
		return this.maxIdlePerHost;
	}

	public int maxIdleTotal() {
		return this.maxIdleTotal;
	}

	public Duration acquireTimeout() {
		return this.acquireTimeout;
	}

	public ExhaustionPolicy exhaustionPolicy() {
		return this.exhaustionPolicy;
	}

	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	public Duration maxLifetime() {
		return this.maxLifetime;
	}

	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	public Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * Longest time from the end of the request to the end of the response head (status line, headers, and any 1xx
	 * responses before them), or {@code null} for the read timeout in force for the request.
	 */
	public Duration responseHeadTimeout() {
		return this.responseHeadTimeout;
	}

	public long drainMaxBytes() {
		return this.drainMaxBytes;
	}

	// ---- issue 16: compression (begin) ----

	private final boolean compression;

	private final long maxDecodedSize;

	/**
	 * Whether the transport negotiates and undoes {@code gzip} and {@code deflate} content codings: it sends
	 * {@code Accept-Encoding: gzip, deflate} when the caller set none and hands the caller the decoded body.
	 */
	public boolean compression() {
		return this.compression;
	}

	/** Most bytes a decoded body (content or transfer coding) may have; 0 for no limit. */
	public long maxDecodedSize() {
		return this.maxDecodedSize;
	}

	// ---- issue 16: compression (end) ----

	public Duration drainTimeout() {
		return this.drainTimeout;
	}

	public Duration validateAfterIdle() {
		return this.validateAfterIdle;
	}

	public Duration keepAliveMargin() {
		return this.keepAliveMargin;
	}

	public boolean retryStale() {
		return this.retryStale;
	}

	public boolean learnServerIdleTimeout() {
		return this.learnServerIdleTimeout;
	}

	public boolean leakDetection() {
		return this.leakDetection;
	}

	public boolean leakCallSites() {
		return this.leakCallSites;
	}

	public boolean backgroundEviction() {
		return this.backgroundEviction;
	}

	public int maxStatusLineLength() {
		return this.maxStatusLineLength;
	}

	public int maxHeaderLineLength() {
		return this.maxHeaderLineLength;
	}

	public int maxHeaderBlockSize() {
		return this.maxHeaderBlockSize;
	}

	public int maxHeaderCount() {
		return this.maxHeaderCount;
	}

	/** Per-host overrides by pattern, in the order given. */
	public Map<String, HostSettings> hosts() {
		return this.hosts;
	}

	public Ticker ticker() {
		return this.ticker;
	}

	/** TLS settings of {@code https} requests that carry none, or {@code null} for {@link TlsSettings#defaults()}. */
	public TlsSettings tls() {
		return this.tls;
	}

	/** How requests choose an HTTP proxy ({@link ProxySettings#direct()} by default). */
	public ProxySettings proxy() {
		return this.proxy;
	}

	/** Collects settings; {@link #build()} validates them all at once. Not thread-safe. */
	public static final class Builder {

		private int maxConnectionsPerHost = DEFAULT_MAX_CONNECTIONS_PER_HOST;

		private int maxIdlePerHost = DEFAULT_MAX_IDLE_PER_HOST;

		private int maxIdleTotal = DEFAULT_MAX_IDLE_TOTAL;

		private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;

		private ExhaustionPolicy exhaustionPolicy = ExhaustionPolicy.WAIT;

		private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

		private Duration maxLifetime = DEFAULT_MAX_LIFETIME;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration readTimeout = DEFAULT_READ_TIMEOUT;

		private Duration responseHeadTimeout;

		private long drainMaxBytes = DEFAULT_DRAIN_MAX_BYTES;

		// ---- issue 16: compression (begin) ----

		private boolean compression = true;

		private long maxDecodedSize;

		/** Whether to negotiate and undo {@code gzip} and {@code deflate} content codings (default: true). */
		public Builder compression(boolean value) {
			this.compression = value;
			return this;
		}

		/** Most bytes a decoded body may have, past which reading fails; 0 (the default) for no limit. */
		public Builder maxDecodedSize(long value) {
			this.maxDecodedSize = value;
			return this;
		}

		// ---- issue 16: compression (end) ----

		private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

		private Duration validateAfterIdle = DEFAULT_VALIDATE_AFTER_IDLE;

		private Duration keepAliveMargin = DEFAULT_KEEP_ALIVE_MARGIN;

		private boolean retryStale = true;

		private boolean learnServerIdleTimeout = true;

		private boolean leakDetection = true;

		private boolean leakCallSites;

		private boolean backgroundEviction = true;

		private int maxStatusLineLength = DEFAULT_MAX_STATUS_LINE_LENGTH;

		private int maxHeaderLineLength = DEFAULT_MAX_HEADER_LINE_LENGTH;

		private int maxHeaderBlockSize = DEFAULT_MAX_HEADER_BLOCK_SIZE;

		private int maxHeaderCount = DEFAULT_MAX_HEADER_COUNT;

		private final Map<String, HostSettings> hosts = new LinkedHashMap<>();

		private Ticker ticker = Ticker.SYSTEM;

		private TlsSettings tls;

		private ProxySettings proxy = ProxySettings.direct();

		private Builder() {
		}

		/** Limit of connections (leased, idle and being opened) to one host. */
		public Builder maxConnectionsPerHost(int value) {
			this.maxConnectionsPerHost = value;
			return this;
		}

		/** Limit of idle connections kept for one host; the surplus is closed when released. */
		public Builder maxIdlePerHost(int value) {
			this.maxIdlePerHost = value;
			return this;
		}

		/** Limit of idle connections kept in total; the least recently used is closed first. */
		public Builder maxIdleTotal(int value) {
			this.maxIdleTotal = value;
			return this;
		}

		/** Longest wait for a connection when a host is at its limit. */
		public Builder acquireTimeout(Duration value) {
			this.acquireTimeout = value;
			return this;
		}

		/** What a request does when its host is at its limit. */
		public Builder exhaustionPolicy(ExhaustionPolicy value) {
			this.exhaustionPolicy = value;
			return this;
		}

		/** How long an unused connection is kept. */
		public Builder idleTimeout(Duration value) {
			this.idleTimeout = value;
			return this;
		}

		/** Age after which a connection is not reused ({@link Duration#ZERO} for none). */
		public Builder maxLifetime(Duration value) {
			this.maxLifetime = value;
			return this;
		}

		/** Default connect timeout. */
		public Builder connectTimeout(Duration value) {
			this.connectTimeout = value;
			return this;
		}

		/**
		 * Default read timeout ({@link Duration#ZERO} waits forever): the longest each blocking read of the response, and
		 * each blocking write of the request, may take.
		 */
		public Builder readTimeout(Duration value) {
			this.readTimeout = value;
			return this;
		}

		/**
		 * Longest time the whole response head may take to arrive once the request is sent, however steadily its bytes
		 * trickle in (each read alone is bounded by the read timeout); {@code null} (the default) for the request's read
		 * timeout, so a server dripping one header byte per read timeout still fails within it.
		 */
		public Builder responseHeadTimeout(Duration value) {
			this.responseHeadTimeout = value;
			return this;
		}

		/** Most bytes read to drain a body closed before its end; past it the connection is closed. */
		public Builder drainMaxBytes(long value) {
			this.drainMaxBytes = value;
			return this;
		}

		/** Longest time spent draining a body closed before its end; past it the connection is closed. */
		public Builder drainTimeout(Duration value) {
			this.drainTimeout = value;
			return this;
		}

		/** Idle age after which a connection is probed (without a round trip) for a server close before reuse. */
		public Builder validateAfterIdle(Duration value) {
			this.validateAfterIdle = value;
			return this;
		}

		/** Margin kept before a server's advertised ({@code Keep-Alive: timeout=}) or learned idle timeout. */
		public Builder keepAliveMargin(Duration value) {
			this.keepAliveMargin = value;
			return this;
		}

		/** Whether a request that failed on a reused connection before any response byte is retried once. */
		public Builder retryStale(boolean value) {
			this.retryStale = value;
			return this;
		}

		/** Whether the idle age at which a host was seen closing connections shortens its idle timeout. */
		public Builder learnServerIdleTimeout(boolean value) {
			this.learnServerIdleTimeout = value;
			return this;
		}

		/** Whether a response body dropped without being read to its end or closed is detected and its socket closed. */
		public Builder leakDetection(boolean value) {
			this.leakDetection = value;
			return this;
		}

		/** Whether each request records its call site, so a leak warning can name where it was made (costly). */
		public Builder leakCallSites(boolean value) {
			this.leakCallSites = value;
			return this;
		}

		/** Whether a daemon thread closes expired idle connections without traffic (off: only at checkout). */
		public Builder backgroundEviction(boolean value) {
			this.backgroundEviction = value;
			return this;
		}

		public Builder maxStatusLineLength(int value) {
			this.maxStatusLineLength = value;
			return this;
		}

		public Builder maxHeaderLineLength(int value) {
			this.maxHeaderLineLength = value;
			return this;
		}

		public Builder maxHeaderBlockSize(int value) {
			this.maxHeaderBlockSize = value;
			return this;
		}

		public Builder maxHeaderCount(int value) {
			this.maxHeaderCount = value;
			return this;
		}

		/** Overrides for the hosts matching {@code pattern} ({@code host:port}, {@code host} or {@code *.suffix}). */
		public Builder host(String pattern, HostSettings settings) {
			Objects.requireNonNull(settings, "settings");
			this.hosts.put(checkPattern(pattern), settings);
			return this;
		}

		/** Clock used for idle timeouts, lifetimes and waits (tests inject their own). */
		public Builder ticker(Ticker value) {
			this.ticker = Objects.requireNonNull(value, "ticker");
			return this;
		}

		/**
		 * TLS settings of {@code https} requests that carry none of their own ({@code null}: the JVM's default
		 * context, with hostname verification). Already validated when built.
		 */
		public Builder tls(TlsSettings value) {
			this.tls = value;
			return this;
		}

		/** Which HTTP proxy requests go through: direct (the default), an explicit proxy, or a selector. */
		public Builder proxy(ProxySettings value) {
			this.proxy = value;
			return this;
		}

		/**
		 * Chooses the proxy of each request with this selector ({@link ProxySelector#getDefault()} honours the
		 * {@code http(s).proxyHost} and {@code http.nonProxyHosts} system properties); {@code null}: direct.
		 */
		public Builder proxySelector(ProxySelector value) {
			this.proxy = (value != null) ? ProxySettings.selector(value) : ProxySettings.direct();
			return this;
		}

		private static String checkPattern(String pattern) {
			if (pattern == null || pattern.isBlank() || pattern.indexOf('*', 1) >= 0
					|| (pattern.startsWith("*") && !pattern.startsWith("*.")) || pattern.equals("*.")) {
				throw new IllegalArgumentException("Invalid host pattern '" + pattern
						+ "': use host:port, host, or *.suffix");
			}
			return pattern.toLowerCase(Locale.ROOT);
		}

		/**
		 * Validates every value and returns the configuration.
		 * @throws IllegalArgumentException naming the first setting whose value is not allowed, and the value
		 */
		public TransportConfig build() {
			atLeast("maxConnectionsPerHost", this.maxConnectionsPerHost, 1);
			atLeast("maxIdlePerHost", this.maxIdlePerHost, 0);
			atLeast("maxIdleTotal", this.maxIdleTotal, 0);
			positive("acquireTimeout", this.acquireTimeout);
			Objects.requireNonNull(this.exhaustionPolicy, "exhaustionPolicy");
			positive("idleTimeout", this.idleTimeout);
			notNegative("maxLifetime", this.maxLifetime);
			positive("connectTimeout", this.connectTimeout);
			notNegative("readTimeout", this.readTimeout);
			if (this.responseHeadTimeout != null) {
				positive("responseHeadTimeout", this.responseHeadTimeout);
			}
			atLeast("drainMaxBytes", this.drainMaxBytes, 0);
			atLeast("maxDecodedSize", this.maxDecodedSize, 0); // issue 16: compression
			notNegative("drainTimeout", this.drainTimeout);
			notNegative("validateAfterIdle", this.validateAfterIdle);
			notNegative("keepAliveMargin", this.keepAliveMargin);
			atLeast("maxStatusLineLength", this.maxStatusLineLength, 64);
			atLeast("maxHeaderLineLength", this.maxHeaderLineLength, 64);
			atLeast("maxHeaderBlockSize", this.maxHeaderBlockSize, Math.max(this.maxStatusLineLength, 256));
			atLeast("maxHeaderCount", this.maxHeaderCount, 1);
			if (this.proxy == null) {
				throw new IllegalArgumentException("proxy must be set (ProxySettings.direct() for none) but was null");
			}
			for (Map.Entry<String, HostSettings> e : this.hosts.entrySet()) {
				String p = "hosts[" + e.getKey() + "].";
				HostSettings h = e.getValue();
				if (h.maxConnections() != null) {
					atLeast(p + "maxConnections", h.maxConnections(), 1);
				}
				if (h.maxIdle() != null) {
					atLeast(p + "maxIdle", h.maxIdle(), 0);
				}
				if (h.acquireTimeout() != null) {
					positive(p + "acquireTimeout", h.acquireTimeout());
				}
				if (h.idleTimeout() != null) {
					positive(p + "idleTimeout", h.idleTimeout());
				}
				if (h.maxLifetime() != null) {
					notNegative(p + "maxLifetime", h.maxLifetime());
				}
				if (h.connectTimeout() != null) {
					positive(p + "connectTimeout", h.connectTimeout());
				}
				if (h.readTimeout() != null) {
					notNegative(p + "readTimeout", h.readTimeout());
				}
			}
			return new TransportConfig(this);
		}

		private static void atLeast(String name, long value, long min) {
			if (value < min) {
				throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
			}
		}

		private static void positive(String name, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
			}
		}

		private static void notNegative(String name, Duration value) {
			if (value == null || value.isNegative()) {
				throw new IllegalArgumentException(name + " must be zero or positive but was " + value);
			}
		}
	}
}
