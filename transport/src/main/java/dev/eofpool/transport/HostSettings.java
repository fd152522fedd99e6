package dev.eofpool.transport;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The pool settings of one host, in two roles. As an overlay ({@link TransportConfig.Builder#host}) a {@code null}
 * component means "inherit"; {@link #over(HostSettings)} fills those from the defaults.
 * {@link TransportConfig#settingsFor(String, int)} returns the settings in force for one route, with every component
 * set. Patterns are {@code host:port}, {@code host} (any port) or {@code *.suffix} (any host ending in
 * {@code .suffix}, any port); host names compare case-insensitively.
 *
 * @param maxConnections limit of connections (leased, idle and being opened) to one host
 * @param maxIdle limit of idle connections kept for one host; the surplus is closed when released
 * @param acquireTimeout longest wait for a connection when the host is at its limit
 * @param idleTimeout how long an unused connection is kept (before server hints and learning)
 * @param maxLifetime age after which a connection is not reused ({@link Duration#ZERO} for no limit)
 * @param connectTimeout default connect timeout for the host
 * @param readTimeout default read timeout for the host ({@link Duration#ZERO} waits forever)
 * @param exhaustionPolicy what a request does when the host is at its limit
 * @param dnsRefreshInterval how often the host is resolved again so connections to addresses gone from its answer are
 * closed ({@link Duration#ZERO}: never, the default)
 */
public record HostSettings(Integer maxConnections, Integer maxIdle, Duration acquireTimeout, Duration idleTimeout,
		Duration maxLifetime, Duration connectTimeout, Duration readTimeout, ExhaustionPolicy exhaustionPolicy,
		Duration dnsRefreshInterval) {

	/** Settings that override nothing. */
	public static final HostSettings NONE = new HostSettings(null, null, null, null, null, null, null, null, null);

	/**
	 * The transport's defaults, every component set: 256 connections per host (high enough never to surprise, low
	 * enough to stop a runaway), 64 idle, a 10 s acquire wait, a 30 s idle timeout (below the common server keep-alive
	 * timeouts of 60 s and more), a 10 min lifetime (so DNS and load-balancer changes are picked up), a 10 s connect
	 * and a 60 s read timeout, and waiting at the limit.
	 */
	public static final HostSettings DEFAULTS = new HostSettings(256, 64, Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
			ExhaustionPolicy.WAIT, Duration.ZERO);

	/** Settings without a DNS refresh interval (inherited). */
	public HostSettings(Integer maxConnections, Integer maxIdle, Duration acquireTimeout, Duration idleTimeout,
			Duration maxLifetime, Duration connectTimeout, Duration readTimeout, ExhaustionPolicy exhaustionPolicy) {
		this(maxConnections, maxIdle, acquireTimeout, idleTimeout, maxLifetime, connectTimeout, readTimeout,
				exhaustionPolicy, null);
	}

	/** These settings with each {@code null} component taken from {@code defaults}. */
	public HostSettings over(HostSettings defaults) {
		return new HostSettings(pick(this.maxConnections, defaults.maxConnections), pick(this.maxIdle, defaults.maxIdle),
				pick(this.acquireTimeout, defaults.acquireTimeout), pick(this.idleTimeout, defaults.idleTimeout),
				pick(this.maxLifetime, defaults.maxLifetime), pick(this.connectTimeout, defaults.connectTimeout),
				pick(this.readTimeout, defaults.readTimeout), pick(this.exhaustionPolicy, defaults.exhaustionPolicy),
				pick(this.dnsRefreshInterval, defaults.dnsRefreshInterval));
	}

	/** A copy with {@code maxConnections} set ({@code null}: inherit). */
	public HostSettings withMaxConnections(Integer value) {
		return new HostSettings(value, this.maxIdle, this.acquireTimeout, this.idleTimeout, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code maxIdle} set ({@code null}: inherit). */
	public HostSettings withMaxIdle(Integer value) {
		return new HostSettings(this.maxConnections, value, this.acquireTimeout, this.idleTimeout, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code acquireTimeout} set ({@code null}: inherit). */
	public HostSettings withAcquireTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, value, this.idleTimeout, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code idleTimeout} set ({@code null}: inherit). */
	public HostSettings withIdleTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, value, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code maxLifetime} set ({@code null}: inherit). */
	public HostSettings withMaxLifetime(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout, value,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code connectTimeout} set ({@code null}: inherit). */
	public HostSettings withConnectTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, value, this.readTimeout, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code readTimeout} set ({@code null}: inherit). */
	public HostSettings withReadTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, this.connectTimeout, value, this.exhaustionPolicy, this.dnsRefreshInterval);
	}

	/** A copy with {@code exhaustionPolicy} set ({@code null}: inherit). */
	public HostSettings withExhaustionPolicy(ExhaustionPolicy value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, this.connectTimeout, this.readTimeout, value, this.dnsRefreshInterval);
	}

	/** A copy with {@code dnsRefreshInterval} set ({@link Duration#ZERO}: off, {@code null}: inherit). */
	public HostSettings withDnsRefreshInterval(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, this.connectTimeout, this.readTimeout, this.exhaustionPolicy, value);
	}

	/**
	 * Checks every component that is set, naming each by {@code names} (the overlay's own name, such as
	 * {@code maxIdle}, to the name the caller's user wrote, such as {@code hosts[api:80].maxIdle}).
	 * @throws InvalidSettingException naming the first component whose value is not allowed
	 */
	void validate(UnaryOperator<String> names) {
		if (this.maxConnections != null) {
			Settings.atLeast(names.apply("maxConnections"), this.maxConnections, 1);
		}
		if (this.maxIdle != null) {
			Settings.atLeast(names.apply("maxIdle"), this.maxIdle, 0);
		}
		check(names, "acquireTimeout", this.acquireTimeout, true);
		check(names, "idleTimeout", this.idleTimeout, true);
		check(names, "maxLifetime", this.maxLifetime, false);
		check(names, "connectTimeout", this.connectTimeout, true);
		check(names, "readTimeout", this.readTimeout, false);
		check(names, "dnsRefreshInterval", this.dnsRefreshInterval, false);
		// both written at this level: keeping more idle than may exist is a mistake; an inherited limit is not
		if (this.maxIdle != null && this.maxConnections != null && this.maxIdle > this.maxConnections) {
			throw new InvalidSettingException(names.apply("maxIdle"), this.maxIdle,
					"must be at most " + names.apply("maxConnections") + " (" + this.maxConnections + ")");
		}
	}

	private static void check(UnaryOperator<String> names, String name, Duration value, boolean positive) {
		if (value != null && positive) {
			Settings.positive(names.apply(name), value);
		}
		else if (value != null) {
			Settings.notNegative(names.apply(name), value);
		}
	}

	private static <T> T pick(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
