package dev.eofpool.spring.autoconfigure.health;

import java.time.Duration;

import dev.eofpool.spring.health.EofPoolHealthPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the eofpool health indicator (switched on and off by {@code management.health.eofpool.enabled}).
 */
@ConfigurationProperties(prefix = "eofpool.health", ignoreUnknownFields = false)
public class EofPoolHealthProperties {

	/**
	 * When a host whose callers keep waiting at its connection limit is reported, and as what status.
	 */
	private final Saturation saturation = new Saturation();

	/**
	 * When a host that keeps failing to connect is reported, and as what status.
	 */
	private final ConnectFailures connectFailures = new ConnectFailures();

	/**
	 * Most hosts listed in the health details; hosts with a problem are listed first.
	 */
	private int maxHosts = 50;

	public Saturation getSaturation() {
		return this.saturation;
	}

	public ConnectFailures getConnectFailures() {
		return this.connectFailures;
	}

	public int getMaxHosts() {
		return this.maxHosts;
	}

	public void setMaxHosts(int maxHosts) {
		if (maxHosts < 0) {
			throw new IllegalArgumentException("must be zero or positive but was " + maxHosts);
		}
		this.maxHosts = maxHosts;
	}

	/** Validated settings as the indicator takes them. */
	public EofPoolHealthPolicy toPolicy() {
		return new EofPoolHealthPolicy(this.saturation.waitingThreshold, this.saturation.duration,
				EofPoolHealthPolicy.status(this.saturation.status), this.connectFailures.threshold,
				this.connectFailures.window, EofPoolHealthPolicy.status(this.connectFailures.status), this.maxHosts);
	}

	/**
	 * When a host whose callers wait at its connection limit is reported.
	 */
	public static class Saturation {

		/**
		 * Callers waiting at a host's connection limit from which the host counts as saturated.
		 */
		private int waitingThreshold = 1;

		/**
		 * How long a host must stay saturated, over consecutive health checks, before it is reported.
		 */
		private Duration duration = Duration.ofSeconds(30);

		/**
		 * Health status reported while a host is saturated, such as UP, DOWN, OUT_OF_SERVICE or a custom code.
		 */
		private String status = "UP";

		public int getWaitingThreshold() {
			return this.waitingThreshold;
		}

		public void setWaitingThreshold(int waitingThreshold) {
			if (waitingThreshold < 1) {
				throw new IllegalArgumentException("must be at least 1 but was " + waitingThreshold);
			}
			this.waitingThreshold = waitingThreshold;
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			if (duration == null || duration.isNegative()) {
				throw new IllegalArgumentException("must be zero or positive but was " + duration);
			}
			this.duration = duration;
		}

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			EofPoolHealthPolicy.status(status);
			this.status = status;
		}

	}

	/**
	 * When a host that keeps failing to connect is reported.
	 */
	public static class ConnectFailures {

		/**
		 * Connect failures in a row, with no successful connect between them, from which a host counts as failing.
		 */
		private int threshold = 3;

		/**
		 * How recent the last of those connect failures must be for the host to still count as failing.
		 */
		private Duration window = Duration.ofMinutes(1);

		/**
		 * Health status reported while a host is failing to connect, such as UP, DOWN, OUT_OF_SERVICE or a custom
		 * code.
		 */
		private String status = "UP";

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			if (threshold < 1) {
				throw new IllegalArgumentException("must be at least 1 but was " + threshold);
			}
			this.threshold = threshold;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			if (window == null || window.isNegative()) {
				throw new IllegalArgumentException("must be zero or positive but was " + window);
			}
			this.window = window;
		}

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			EofPoolHealthPolicy.status(status);
			this.status = status;
		}

	}

}
