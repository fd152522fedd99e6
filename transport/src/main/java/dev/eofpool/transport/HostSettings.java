package dev.eofpool.transport;

import java.time.Duration;

/**
 * Overrides of the pool settings for the hosts matching one pattern; {@code null} components fall back to the
 * transport-wide value. Patterns are {@code host:port}, {@code host} (any port) or {@code *.suffix} (any host ending
 * in {@code .suffix}, any port). Host names compare case-insensitively.
 *
 * @param maxConnections limit of connections (leased, idle and being opened) to one host
 * @param maxIdle limit of idle connections kept for one host
 * @param acquireTimeout longest wait for a connection when the host is at its limit
 * @param idleTimeout how long an unused connection is kept
 * @param maxLifetime age after which a connection is not reused
 * @param connectTimeout default connect timeout for the host
 * @param readTimeout default read timeout for the host
 * @param exhaustionPolicy what to do when the host is at its limit
 */
public record HostSettings(Integer maxConnections, Integer maxIdle, Duration acquireTimeout, Duration idleTimeout,
		Duration maxLifetime, Duration connectTimeout, Duration readTimeout, ExhaustionPolicy exhaustionPolicy) {

	/** Settings that override nothing. */
	public static final HostSettings NONE = new HostSettings(null, null, null, null, null, null, null, null);

	/** A copy with the connection limit set ({@code null}: inherit the pool-wide one). */
	public HostSettings withMaxConnections(Integer value) {
		return new HostSettings(value, this.maxIdle, this.acquireTimeout, this.idleTimeout, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy);
	}

	/** A copy with the idle limit set ({@code null}: inherit the pool-wide one). */
	public HostSettings withMaxIdle(Integer value) {
		return new HostSettings(this.maxConnections, value, this.acquireTimeout, this.idleTimeout, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy);
	}

	/** A copy with the acquire timeout set ({@code null}: inherit the pool-wide one). */
	public HostSettings withAcquireTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, value, this.idleTimeout, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy);
	}

	/** A copy with the idle timeout set ({@code null}: inherit the pool-wide one). */
	public HostSettings withIdleTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, value, this.maxLifetime,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy);
	}

	/** A copy with the maximum lifetime set ({@code null}: inherit the pool-wide one). */
	public HostSettings withMaxLifetime(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout, value,
				this.connectTimeout, this.readTimeout, this.exhaustionPolicy);
	}

	/** A copy with the connect timeout set ({@code null}: inherit the pool-wide one). */
	public HostSettings withConnectTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, value, this.readTimeout, this.exhaustionPolicy);
	}

	/** A copy with the read timeout set ({@code null}: inherit the pool-wide one). */
	public HostSettings withReadTimeout(Duration value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, this.connectTimeout, value, this.exhaustionPolicy);
	}

	/** A copy with the exhaustion policy set ({@code null}: inherit the pool-wide one). */
	public HostSettings withExhaustionPolicy(ExhaustionPolicy value) {
		return new HostSettings(this.maxConnections, this.maxIdle, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, this.connectTimeout, this.readTimeout, value);
	}
}
