package dev.eofpool.spring.autoconfigure.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the eofpool meters.
 */
@ConfigurationProperties(prefix = "eofpool.metrics", ignoreUnknownFields = false)
public class EofPoolMetricsProperties {

	/**
	 * Whether meters carry a host tag (host:port), so each downstream host gets its own time series.
	 */
	private boolean perHostTags;

	/**
	 * Most distinct host tag values; hosts seen after that share the value "other".
	 */
	private int maxHostTags = 20;

	/**
	 * Longest age of the pool snapshot that gauges and counters read; zero takes a new snapshot on every read.
	 */
	private Duration snapshotMaxAge = Duration.ofSeconds(1);

	/**
	 * Meter naming: "eofpool" registers the eofpool.* meters only; "otel" also registers
	 * http.client.open_connections and http.client.connection.duration with OpenTelemetry's tags (server.address,
	 * server.port, http.connection.state), for the first max-host-tags hosts.
	 */
	private Naming naming = Naming.EOFPOOL;

	/** The meter naming schemes. */
	public enum Naming {

		/** The eofpool.* meters only. */
		EOFPOOL,

		/** The eofpool.* meters, and the connection meters of OpenTelemetry's HTTP client semantic conventions. */
		OTEL

	}

	public Naming getNaming() {
		return this.naming;
	}

	public void setNaming(Naming naming) {
		this.naming = naming;
	}

	public boolean isPerHostTags() {
		return this.perHostTags;
	}

	public void setPerHostTags(boolean perHostTags) {
		this.perHostTags = perHostTags;
	}

	public int getMaxHostTags() {
		return this.maxHostTags;
	}

	public void setMaxHostTags(int maxHostTags) {
		if (maxHostTags < 0) {
			throw new IllegalArgumentException("must be zero or positive but was " + maxHostTags);
		}
		this.maxHostTags = maxHostTags;
	}

	public Duration getSnapshotMaxAge() {
		return this.snapshotMaxAge;
	}

	public void setSnapshotMaxAge(Duration snapshotMaxAge) {
		if (snapshotMaxAge == null || snapshotMaxAge.isNegative()) {
			throw new IllegalArgumentException("must be zero or positive but was " + snapshotMaxAge);
		}
		this.snapshotMaxAge = snapshotMaxAge;
	}

}
