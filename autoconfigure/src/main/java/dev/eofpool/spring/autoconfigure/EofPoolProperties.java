package dev.eofpool.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eofpool.transport.ExhaustionPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the eofpool connection pool, bound to {@code eofpool.*}. Connect and read timeouts, redirects and the SSL
 * bundle are Spring Boot's own {@code spring.http.clients.*} settings; the {@code hosts} timeouts apply only where
 * those leave them unset. The {@code proxy} applies to every request of the shared transport.
 * <p>
 * Per-host overrides are keyed by {@code host:port}, {@code host} or {@code *.suffix}. Keys with dots, colons or
 * asterisks must be written in brackets: {@code eofpool.hosts.[*.internal].max-connections=32},
 * {@code eofpool.hosts.[api.example.com:8443].max-idle=4}; in YAML, quote them: {@code "[*.internal]":}; in a
 * {@code .properties} file, escape the colon: {@code [api.example.com\:8443]}. A property that binds to nothing
 * fails start-up ({@link EofPoolPropertyCheck}).
 */
@ConfigurationProperties("eofpool")
public class EofPoolProperties {

	/**
	 * Whether to send the requests of the auto-configured RestClient, RestTemplate and HTTP service clients through
	 * the eofpool transport.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of connections (leased, idle and being opened) to one host.
	 */
	private int maxConnectionsPerHost = 256;

	/**
	 * Maximum number of idle connections kept for one host; the surplus is closed when released.
	 */
	private int maxIdlePerHost = 64;

	/**
	 * Maximum number of idle connections kept for all hosts together; the least recently used is closed first.
	 */
	private int maxIdleTotal = 512;

	/**
	 * Maximum number of connections (leased, idle and being opened) to all hosts together; at it requests wait in
	 * arrival order, across hosts, up to the acquire timeout, and an idle connection of another host is closed to
	 * make room. Unset for no limit.
	 */
	private @Nullable Integer maxConnectionsTotal;

	/**
	 * Maximum number of requests waiting for a connection to one host at its connection limit; past it a request
	 * fails at once (PoolExhaustedException). Unset for no limit.
	 */
	private @Nullable Integer maxWaitersPerHost;

	/**
	 * Longest time from the end of a request to the end of its response head, however steadily the head trickles;
	 * unset to bound the head by the read timeout only.
	 */
	private @Nullable Duration responseHeadTimeout;

	/**
	 * Longest wait for a connection when a host is at its connection limit.
	 */
	private Duration acquireTimeout = Duration.ofSeconds(10);

	/**
	 * What a request does when its host is at its connection limit and no connection is idle.
	 */
	private ExhaustionPolicy exhaustionPolicy = ExhaustionPolicy.WAIT;

	/**
	 * How long an unused connection is kept open.
	 */
	private Duration idleTimeout = Duration.ofSeconds(30);

	/**
	 * Age after which a connection is no longer reused, so that DNS and load-balancer changes are picked up; 0 for no
	 * limit.
	 */
	private Duration maxLifetime = Duration.ofMinutes(10);

	/**
	 * Idle time after which a connection is checked (without a round trip) for a close by the server before reuse.
	 */
	private Duration validateAfterIdle = Duration.ofMillis(100);

	/**
	 * Margin kept before the idle timeout a server advertises (Keep-Alive: timeout=) or was seen to apply.
	 */
	private Duration keepAliveMargin = Duration.ofMillis(500);

	/**
	 * Whether a request that failed on a reused connection before any response byte arrived is sent once more on a new
	 * connection, when that is safe.
	 */
	private boolean retryStale = true;

	/**
	 * Whether the idle time at which a host was seen closing connections shortens the idle timeout for that host.
	 */
	private boolean learnServerIdleTimeout = true;

	/**
	 * Whether a background thread closes expired idle connections without waiting for the next request.
	 */
	private boolean backgroundEviction = true;

	private final Drain drain = new Drain();

	private final Compression compression = new Compression();

	private final TcpKeepAlive tcpKeepAlive = new TcpKeepAlive();

	private final WarmUp warmUp = new WarmUp();

	private final LeakDetection leakDetection = new LeakDetection();

	private final Limits limits = new Limits();

	private final Proxy proxy = new Proxy();

	private final Dns dns = new Dns();

	/**
	 * Overrides of the pool settings per host, keyed by "host:port", "host" or "*.suffix" (in brackets, for example
	 * eofpool.hosts.[*.internal].max-connections), each with max-connections, max-idle, acquire-timeout, idle-timeout,
	 * max-lifetime, connect-timeout, read-timeout, exhaustion-policy (wait or fail-fast), max-waiters,
	 * response-head-timeout and dns-refresh-interval; unset ones inherit the pool-wide values. A "host:port" key may
	 * also set min-idle (and warm-up-scheme): that many connections are opened at start-up, before the application
	 * reports ready.
	 */
	private final Map<String, Host> hosts = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxConnectionsPerHost() {
		return this.maxConnectionsPerHost;
	}

	public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
		this.maxConnectionsPerHost = maxConnectionsPerHost;
	}

	public int getMaxIdlePerHost() {
		return this.maxIdlePerHost;
	}

	public void setMaxIdlePerHost(int maxIdlePerHost) {
		this.maxIdlePerHost = maxIdlePerHost;
	}

	public int getMaxIdleTotal() {
		return this.maxIdleTotal;
	}

	public void setMaxIdleTotal(int maxIdleTotal) {
		this.maxIdleTotal = maxIdleTotal;
	}

	public @Nullable Integer getMaxConnectionsTotal() {
		return this.maxConnectionsTotal;
	}

	public void setMaxConnectionsTotal(@Nullable Integer maxConnectionsTotal) {
		this.maxConnectionsTotal = maxConnectionsTotal;
	}

	public @Nullable Integer getMaxWaitersPerHost() {
		return this.maxWaitersPerHost;
	}

	public void setMaxWaitersPerHost(@Nullable Integer maxWaitersPerHost) {
		this.maxWaitersPerHost = maxWaitersPerHost;
	}

	public @Nullable Duration getResponseHeadTimeout() {
		return this.responseHeadTimeout;
	}

	public void setResponseHeadTimeout(@Nullable Duration responseHeadTimeout) {
		this.responseHeadTimeout = responseHeadTimeout;
	}

	public TcpKeepAlive getTcpKeepAlive() {
		return this.tcpKeepAlive;
	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	public Duration getAcquireTimeout() {
		return this.acquireTimeout;
	}

	public void setAcquireTimeout(Duration acquireTimeout) {
		this.acquireTimeout = acquireTimeout;
	}

	public ExhaustionPolicy getExhaustionPolicy() {
		return this.exhaustionPolicy;
	}

	public void setExhaustionPolicy(ExhaustionPolicy exhaustionPolicy) {
		this.exhaustionPolicy = exhaustionPolicy;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getMaxLifetime() {
		return this.maxLifetime;
	}

	public void setMaxLifetime(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
	}

	public Duration getValidateAfterIdle() {
		return this.validateAfterIdle;
	}

	public void setValidateAfterIdle(Duration validateAfterIdle) {
		this.validateAfterIdle = validateAfterIdle;
	}

	public Duration getKeepAliveMargin() {
		return this.keepAliveMargin;
	}

	public void setKeepAliveMargin(Duration keepAliveMargin) {
		this.keepAliveMargin = keepAliveMargin;
	}

	public boolean isRetryStale() {
		return this.retryStale;
	}

	public void setRetryStale(boolean retryStale) {
		this.retryStale = retryStale;
	}

	public boolean isLearnServerIdleTimeout() {
		return this.learnServerIdleTimeout;
	}

	public void setLearnServerIdleTimeout(boolean learnServerIdleTimeout) {
		this.learnServerIdleTimeout = learnServerIdleTimeout;
	}

	public boolean isBackgroundEviction() {
		return this.backgroundEviction;
	}

	public void setBackgroundEviction(boolean backgroundEviction) {
		this.backgroundEviction = backgroundEviction;
	}

	public Drain getDrain() {
		return this.drain;
	}

	public LeakDetection getLeakDetection() {
		return this.leakDetection;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Proxy getProxy() {
		return this.proxy;
	}

	public Map<String, Host> getHosts() {
		return this.hosts;
	}

	public Dns getDns() {
		return this.dns;
	}

	/**
	 * How host names become connections: the dial over a host's addresses and the refresh of its DNS answer. The
	 * resolver is the JDK's unless the application defines a dev.eofpool.transport.Resolver bean.
	 */
	public static class Dns {

		/**
		 * How often each host is resolved again, so that connections to addresses gone from its answer (absent from
		 * two answers in a row) are closed: idle ones at once, leased ones when their response ends; 0 turns it
		 * off. Needs background-eviction.
		 */
		private Duration refreshInterval = Duration.ZERO;

		/**
		 * Delay after which a dial whose attempt has not connected starts one on the host's next address, racing
		 * both (RFC 8305 "Happy Eyeballs"); the connect timeout bounds the whole dial.
		 */
		private Duration connectStagger = Duration.ofMillis(250);

		/**
		 * How long an address that failed to connect (or was outrun by the next one) is tried after the host's other
		 * addresses; 0 forgets failures at once.
		 */
		private Duration failureMemory = Duration.ofSeconds(60);

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getConnectStagger() {
			return this.connectStagger;
		}

		public void setConnectStagger(Duration connectStagger) {
			this.connectStagger = connectStagger;
		}

		public Duration getFailureMemory() {
			return this.failureMemory;
		}

		public void setFailureMemory(Duration failureMemory) {
			this.failureMemory = failureMemory;
		}

	}

	/**
	 * How a response body closed before its end is drained so that its connection can be reused.
	 */
	public static class Drain {

		/**
		 * Most bytes read to drain a body closed before its end; past it the connection is closed instead.
		 */
		private DataSize maxBytes = DataSize.ofKilobytes(256);

		/**
		 * Longest time spent draining a body closed before its end; past it the connection is closed instead.
		 */
		private Duration timeout = Duration.ofMillis(100);

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * TCP keep-alive (SO_KEEPALIVE) of every connection, so a long response or a long idle behind a load balancer's
	 * idle timer is kept open or found dead. The timers apply where the JDK supports them (Linux, macOS, Windows 10+).
	 */
	public static class TcpKeepAlive {

		/**
		 * Whether connections are opened with SO_KEEPALIVE.
		 */
		private boolean enabled = true;

		/**
		 * Idle time before the first keep-alive probe (TCP_KEEPIDLE, whole seconds); unset for the system's.
		 */
		private @Nullable Duration idle;

		/**
		 * Time between keep-alive probes (TCP_KEEPINTERVAL, whole seconds); unset for the system's.
		 */
		private @Nullable Duration interval;

		/**
		 * Unanswered keep-alive probes before the connection is dropped (TCP_KEEPCOUNT); unset for the system's.
		 */
		private @Nullable Integer count;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getIdle() {
			return this.idle;
		}

		public void setIdle(@Nullable Duration idle) {
			this.idle = idle;
		}

		public @Nullable Duration getInterval() {
			return this.interval;
		}

		public void setInterval(@Nullable Duration interval) {
			this.interval = interval;
		}

		public @Nullable Integer getCount() {
			return this.count;
		}

		public void setCount(@Nullable Integer count) {
			this.count = count;
		}

	}

	/**
	 * Warm-up of the hosts with a min-idle: their connections are opened (and, for https, handshaken) at start-up,
	 * before the application reports ready.
	 */
	public static class WarmUp {

		/**
		 * Longest time start-up waits for the warm-up of all hosts together.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * Whether a connection that could not be opened during warm-up fails start-up; by default it is logged and
		 * start-up goes on.
		 */
		private boolean failOnError;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public boolean isFailOnError() {
			return this.failOnError;
		}

		public void setFailOnError(boolean failOnError) {
			this.failOnError = failOnError;
		}

	}

	/**
	 * Transparent decoding of gzip and deflate response bodies.
	 */
	public static class Compression {

		/**
		 * Whether requests that set no Accept-Encoding ask for gzip and deflate, and their responses reach the caller
		 * decoded, without Content-Encoding and Content-Length.
		 */
		private boolean enabled = true;

		/**
		 * Most bytes a decoded response body may have, past which reading it fails (a guard against decompression
		 * bombs); unset for no limit.
		 */
		private @Nullable DataSize maxDecodedSize;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable DataSize getMaxDecodedSize() {
			return this.maxDecodedSize;
		}

		public void setMaxDecodedSize(@Nullable DataSize maxDecodedSize) {
			this.maxDecodedSize = maxDecodedSize;
		}

	}

	/**
	 * Detection of response bodies dropped without being read to their end or closed.
	 */
	public static class LeakDetection {

		/**
		 * Whether a response body dropped without being read to its end or closed is detected, its connection closed
		 * and a warning logged.
		 */
		private boolean enabled = true;

		/**
		 * Whether each request records its call site so that a leak warning names where the request was made
		 * (costly: for diagnosis only).
		 */
		private boolean callSites;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isCallSites() {
			return this.callSites;
		}

		public void setCallSites(boolean callSites) {
			this.callSites = callSites;
		}

	}

	/**
	 * Bounds on the size of a response head, protecting against broken or hostile servers.
	 */
	public static class Limits {

		/**
		 * Maximum length, in characters, of a response status line.
		 */
		private int maxStatusLineLength = 8192;

		/**
		 * Maximum length, in characters, of one response header line.
		 */
		private int maxHeaderLineLength = 16384;

		/**
		 * Maximum size of a whole response head: status line, header lines and line ends.
		 */
		private DataSize maxHeaderBlockSize = DataSize.ofKilobytes(64);

		/**
		 * Maximum number of header fields in a response head (and of trailer fields).
		 */
		private int maxHeaderCount = 256;

		public int getMaxStatusLineLength() {
			return this.maxStatusLineLength;
		}

		public void setMaxStatusLineLength(int maxStatusLineLength) {
			this.maxStatusLineLength = maxStatusLineLength;
		}

		public int getMaxHeaderLineLength() {
			return this.maxHeaderLineLength;
		}

		public void setMaxHeaderLineLength(int maxHeaderLineLength) {
			this.maxHeaderLineLength = maxHeaderLineLength;
		}

		public DataSize getMaxHeaderBlockSize() {
			return this.maxHeaderBlockSize;
		}

		public void setMaxHeaderBlockSize(DataSize maxHeaderBlockSize) {
			this.maxHeaderBlockSize = maxHeaderBlockSize;
		}

		public int getMaxHeaderCount() {
			return this.maxHeaderCount;
		}

		public void setMaxHeaderCount(int maxHeaderCount) {
			this.maxHeaderCount = maxHeaderCount;
		}

	}

	/**
	 * HTTP proxy that requests go through: none by default, an explicit one (host and port), or the one the JVM's
	 * proxy system properties choose.
	 */
	public static class Proxy {

		/**
		 * Host name or address of the HTTP proxy every request goes through, except those to the non-proxy hosts.
		 */
		private @Nullable String host;

		/**
		 * Port of the HTTP proxy; required with a host.
		 */
		private @Nullable Integer port;

		/**
		 * User name sent to the proxy with Basic authentication (Proxy-Authorization), with the password.
		 */
		private @Nullable String username;

		/**
		 * Password sent to the proxy with Basic authentication (Proxy-Authorization), with the user name.
		 */
		private @Nullable String password;

		/**
		 * Hosts reached directly, not through the proxy: host names or addresses, each with at most one leading or
		 * trailing '*' (such as 'localhost', '*.internal' or '10.*').
		 */
		private List<String> nonProxyHosts = new ArrayList<>();

		/**
		 * Whether each request's proxy is chosen by the JVM's default ProxySelector, that is by the http.proxyHost,
		 * https.proxyHost, their ports and http.nonProxyHosts system properties, instead of by host and port.
		 */
		private boolean useSystemProperties;

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public List<String> getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(List<String> nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

		public boolean isUseSystemProperties() {
			return this.useSystemProperties;
		}

		public void setUseSystemProperties(boolean useSystemProperties) {
			this.useSystemProperties = useSystemProperties;
		}

	}

	/**
	 * Overrides for the hosts matching one pattern; unset values fall back to the pool-wide ones.
	 */
	public static class Host {

		/**
		 * Maximum number of connections (leased, idle and being opened) to one matching host.
		 */
		private @Nullable Integer maxConnections;

		/**
		 * Maximum number of idle connections kept for one matching host.
		 */
		private @Nullable Integer maxIdle;

		/**
		 * Longest wait for a connection when a matching host is at its connection limit.
		 */
		private @Nullable Duration acquireTimeout;

		/**
		 * How long an unused connection to a matching host is kept open.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Age after which a connection to a matching host is no longer reused; 0 for no limit.
		 */
		private @Nullable Duration maxLifetime;

		/**
		 * Connect timeout for a matching host, used when spring.http.clients.connect-timeout and the client's own
		 * settings leave it unset.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Read timeout for a matching host, used when spring.http.clients.read-timeout and the client's own settings
		 * leave it unset; 0 waits forever.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * What a request does when a matching host is at its connection limit and no connection is idle.
		 */
		private @Nullable ExhaustionPolicy exhaustionPolicy;

		/**
		 * Connections to a "host:port" opened at start-up, before the application reports ready, and kept idle
		 * afterwards (re-opened in the background when closed); at most max-idle and max-connections.
		 */
		private @Nullable Integer minIdle;

		/**
		 * Scheme of the warm-up connections of a "host:port" with min-idle, http or https; unset: https on ports 443
		 * and 8443, http on the others.
		 */
		private @Nullable String warmUpScheme;

		/**
		 * Maximum number of requests waiting for a connection to a matching host at its connection limit; past it a
		 * request fails at once.
		 */
		private @Nullable Integer maxWaiters;

		/**
		 * Longest time from the end of a request to a matching host to the end of its response head.
		 */
		private @Nullable Duration responseHeadTimeout;

		public @Nullable Integer getMinIdle() {
			return this.minIdle;
		}

		public void setMinIdle(@Nullable Integer minIdle) {
			this.minIdle = minIdle;
		}

		public @Nullable String getWarmUpScheme() {
			return this.warmUpScheme;
		}

		public void setWarmUpScheme(@Nullable String warmUpScheme) {
			this.warmUpScheme = warmUpScheme;
		}

		public @Nullable Integer getMaxWaiters() {
			return this.maxWaiters;
		}

		public void setMaxWaiters(@Nullable Integer maxWaiters) {
			this.maxWaiters = maxWaiters;
		}

		public @Nullable Duration getResponseHeadTimeout() {
			return this.responseHeadTimeout;
		}

		public void setResponseHeadTimeout(@Nullable Duration responseHeadTimeout) {
			this.responseHeadTimeout = responseHeadTimeout;
		}

		/**
		 * How often a matching host is resolved again to close connections to addresses gone from its answer; 0
		 * turns it off.
		 */
		private @Nullable Duration dnsRefreshInterval;

		public @Nullable Duration getDnsRefreshInterval() {
			return this.dnsRefreshInterval;
		}

		public void setDnsRefreshInterval(@Nullable Duration dnsRefreshInterval) {
			this.dnsRefreshInterval = dnsRefreshInterval;
		}

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getMaxIdle() {
			return this.maxIdle;
		}

		public void setMaxIdle(@Nullable Integer maxIdle) {
			this.maxIdle = maxIdle;
		}

		public @Nullable Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(@Nullable Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable ExhaustionPolicy getExhaustionPolicy() {
			return this.exhaustionPolicy;
		}

		public void setExhaustionPolicy(@Nullable ExhaustionPolicy exhaustionPolicy) {
			this.exhaustionPolicy = exhaustionPolicy;
		}

	}

}
