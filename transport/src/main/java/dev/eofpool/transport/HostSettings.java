package dev.eofpool.transport;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The pool settings of one host, in two roles. As an overlay ({@link TransportConfig.Builder#host}) a {@code null}
 * component means "inherit"; {@link #over(HostSettings)} fills those from the defaults.
 * {@link TransportConfig#settingsFor(String, int)} returns the settings in force for one route, with every component
 * set (but {@code responseHeadTimeout}, which may stay {@code null}). Patterns are {@code host:port}, {@code host}
 * (any port) or {@code *.suffix} (any host ending in {@code .suffix}, any port); host names compare
 * case-insensitively.
 *
 * @param maxConnections limit of connections (leased, idle and being opened) to one host
 * @param maxIdle limit of idle connections kept for one host; the surplus is closed when released
 * @param acquireTimeout longest wait for a connection when the host is at its limit
 * @param idleTimeout how long an unused connection is kept (before server hints and learning)
 * @param maxLifetime age after which a connection is not reused ({@link Duration#ZERO} for no limit)
 * @param connectTimeout default connect timeout for the host
 * @param readTimeout default read timeout for the host ({@link Duration#ZERO} waits forever)
 * @param exhaustionPolicy what a request does when the host is at its limit
 * @param minIdle connections {@link HttpTransport#warmUp warm-up} opens and keeps idle for one host (0: none); per
 * host only, at most {@code maxIdle} and {@code maxConnections}
 * @param maxWaiters limit of requests waiting at the host's connection limit; past it a request fails at once
 * ({@link Integer#MAX_VALUE}: unbounded)
 * @param responseHeadTimeout longest time from the request's end to the response head's end ({@code null} in the
 * settings in force: {@link TransportConfig#responseHeadTimeout()}, else the read timeout)
 * @param dnsRefreshInterval how often the host is resolved again so connections to addresses gone from its answer are
 * closed ({@link Duration#ZERO}: never, the default)
 */
public record HostSettings(Integer maxConnections, Integer maxIdle, Duration acquireTimeout, Duration idleTimeout,
		Duration maxLifetime, Duration connectTimeout, Duration readTimeout, ExhaustionPolicy exhaustionPolicy,
		Integer minIdle, Integer maxWaiters, Duration responseHeadTimeout, Duration dnsRefreshInterval) {

	/** Settings that override nothing. */
	public static final HostSettings NONE = new HostSettings(null, null, null, null, null, null, null, null);

	/**
	 * The transport's defaults, every component set: 256 connections per host (high enough never to surprise, low
	 * enough to bound a runaway caller), 64 idle, a 10 s acquire timeout, 30 s idle timeout, 10 min lifetime, 10 s
	 * connect and 60 s read timeouts, waiting at the limit, no warm-up, unbounded waiters, no head timeout of its own
	 * and no DNS refresh.
	 */
	public static final HostSettings DEFAULTS = new HostSettings(256, 64, Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
			ExhaustionPolicy.WAIT, 0, Integer.MAX_VALUE, null, Duration.ZERO);

	/** Settings with the first eight components, the others inheriting (the components the record first had). */
	public HostSettings(Integer maxConnections, Integer maxIdle, Duration acquireTimeout, Duration idleTimeout,
			Duration maxLifetime, Duration connectTimeout, Duration readTimeout, ExhaustionPolicy exhaustionPolicy) {
		this(maxConnections, maxIdle, acquireTimeout, idleTimeout, maxLifetime, connectTimeout, readTimeout,
				exhaustionPolicy, null, null, null, null);
	}

	/** These settings with each {@code null} component taken from {@code defaults}. */
	public HostSettings over(HostSettings defaults) {
		return new HostSettings(pick(this.maxConnections, defaults.maxConnections),
				pick(this.maxIdle, defaults.maxIdle), pick(this.acquireTimeout, defaults.acquireTimeout),
				pick(this.idleTimeout, defaults.idleTimeout), pick(this.maxLifetime, defaults.maxLifetime),
				pick(this.connectTimeout, defaults.connectTimeout), pick(this.readTimeout, defaults.readTimeout),
				pick(this.exhaustionPolicy, defaults.exhaustionPolicy), pick(this.minIdle, defaults.minIdle),
				pick(this.maxWaiters, defaults.maxWaiters),
				pick(this.responseHeadTimeout, defaults.responseHeadTimeout),
				pick(this.dnsRefreshInterval, defaults.dnsRefreshInterval));
	}

	/** A copy with {@code maxConnections} set ({@code null}: inherit). */
	public HostSettings withMaxConnections(Integer value) {
		return with((p) -> p.maxConnections = value);
	}

	/** A copy with {@code maxIdle} set ({@code null}: inherit). */
	public HostSettings withMaxIdle(Integer value) {
		return with((p) -> p.maxIdle = value);
	}

	/** A copy with {@code acquireTimeout} set ({@code null}: inherit). */
	public HostSettings withAcquireTimeout(Duration value) {
		return with((p) -> p.acquireTimeout = value);
	}

	/** A copy with {@code idleTimeout} set ({@code null}: inherit). */
	public HostSettings withIdleTimeout(Duration value) {
		return with((p) -> p.idleTimeout = value);
	}

	/** A copy with {@code maxLifetime} set ({@code null}: inherit). */
	public HostSettings withMaxLifetime(Duration value) {
		return with((p) -> p.maxLifetime = value);
	}

	/** A copy with {@code connectTimeout} set ({@code null}: inherit). */
	public HostSettings withConnectTimeout(Duration value) {
		return with((p) -> p.connectTimeout = value);
	}

	/** A copy with {@code readTimeout} set ({@code null}: inherit). */
	public HostSettings withReadTimeout(Duration value) {
		return with((p) -> p.readTimeout = value);
	}

	/** A copy with {@code exhaustionPolicy} set ({@code null}: inherit). */
	public HostSettings withExhaustionPolicy(ExhaustionPolicy value) {
		return with((p) -> p.exhaustionPolicy = value);
	}

	/** A copy with {@code minIdle} set ({@code null}: inherit). */
	public HostSettings withMinIdle(Integer value) {
		return with((p) -> p.minIdle = value);
	}

	/** A copy with {@code maxWaiters} set ({@code null}: inherit). */
	public HostSettings withMaxWaiters(Integer value) {
		return with((p) -> p.maxWaiters = value);
	}

	/** A copy with {@code responseHeadTimeout} set ({@code null}: inherit). */
	public HostSettings withResponseHeadTimeout(Duration value) {
		return with((p) -> p.responseHeadTimeout = value);
	}

	/** A copy with {@code dnsRefreshInterval} set ({@code null}: inherit). */
	public HostSettings withDnsRefreshInterval(Duration value) {
		return with((p) -> p.dnsRefreshInterval = value);
	}

	/** A copy with the change made to its components: the one place that lists them all for a copy. */
	private HostSettings with(Consumer<Parts> change) {
		Parts p = new Parts(this);
		change.accept(p);
		return new HostSettings(p.maxConnections, p.maxIdle, p.acquireTimeout, p.idleTimeout, p.maxLifetime,
				p.connectTimeout, p.readTimeout, p.exhaustionPolicy, p.minIdle, p.maxWaiters, p.responseHeadTimeout,
				p.dnsRefreshInterval);
	}

	/**
	 * Checks every component that is set, naming each by {@code names} (the overlay's own name, such as
	 * {@code maxIdle}, to the name the caller's user wrote, such as {@code hosts[api:80].maxIdle}).
	 * @throws InvalidSettingException naming the first component whose value is not allowed
	 */
	void validate(UnaryOperator<String> names) {
		atLeast(names, "maxConnections", this.maxConnections, 1);
		atLeast(names, "maxIdle", this.maxIdle, 0);
		check(names, "acquireTimeout", this.acquireTimeout, true);
		check(names, "idleTimeout", this.idleTimeout, true);
		check(names, "maxLifetime", this.maxLifetime, false);
		check(names, "connectTimeout", this.connectTimeout, true);
		check(names, "readTimeout", this.readTimeout, false);
		atLeast(names, "minIdle", this.minIdle, 0);
		atLeast(names, "maxWaiters", this.maxWaiters, 0);
		check(names, "responseHeadTimeout", this.responseHeadTimeout, true);
		check(names, "dnsRefreshInterval", this.dnsRefreshInterval, false);
		// both written at this level: keeping more idle than may exist is a mistake; an inherited limit is not
		atMost(names, "minIdle", this.minIdle, "maxIdle", this.maxIdle);
		atMost(names, "minIdle", this.minIdle, "maxConnections", this.maxConnections);
		atMost(names, "maxIdle", this.maxIdle, "maxConnections", this.maxConnections);
	}

	private static void atLeast(UnaryOperator<String> names, String name, Integer value, int min) {
		if (value != null) {
			Settings.atLeast(names.apply(name), value, min);
		}
	}

	private static void atMost(UnaryOperator<String> names, String name, Integer value, String limitName,
			Integer limit) {
		if (value != null && limit != null && value > limit) {
			throw new InvalidSettingException(names.apply(name), value,
					"must be at most " + names.apply(limitName) + " (" + limit + ")");
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

	/** The components of a copy being made, changed one at a time by the {@code with} methods. */
	private static final class Parts {

		Integer maxConnections;

		Integer maxIdle;

		Duration acquireTimeout;

		Duration idleTimeout;

		Duration maxLifetime;

		Duration connectTimeout;

		Duration readTimeout;

		ExhaustionPolicy exhaustionPolicy;

		Integer minIdle;

		Integer maxWaiters;

		Duration responseHeadTimeout;

		Duration dnsRefreshInterval;

		Parts(HostSettings s) {
			this.maxConnections = s.maxConnections;
			this.maxIdle = s.maxIdle;
			this.acquireTimeout = s.acquireTimeout;
			this.idleTimeout = s.idleTimeout;
			this.maxLifetime = s.maxLifetime;
			this.connectTimeout = s.connectTimeout;
			this.readTimeout = s.readTimeout;
			this.exhaustionPolicy = s.exhaustionPolicy;
			this.minIdle = s.minIdle;
			this.maxWaiters = s.maxWaiters;
			this.responseHeadTimeout = s.responseHeadTimeout;
			this.dnsRefreshInterval = s.dnsRefreshInterval;
		}
	}
}
