package dev.eofpool.spring.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.springframework.boot.health.contributor.Status;

/**
 * When the eofpool health indicator reports a host as saturated or failing to connect, and the status each maps to.
 * Both default to {@link Status#UP}: one slow or unreachable downstream should not take every instance out of the
 * load balancer; the details still name it.
 *
 * @param saturationWaiting callers waiting at a host's limit from which the host counts as saturated
 * @param saturationDuration how long (over consecutive health checks) the host must stay saturated to be reported
 * @param saturationStatus status reported while a host is saturated
 * @param connectFailures connect failures in a row (no successful connect between them) from which a host is failing
 * @param connectFailureWindow how recent the last of those failures must be
 * @param connectFailureStatus status reported while a host is failing to connect
 * @param maxHosts most hosts listed in the details (hosts with a problem first)
 */
public record EofPoolHealthPolicy(int saturationWaiting, Duration saturationDuration, Status saturationStatus,
		int connectFailures, Duration connectFailureWindow, Status connectFailureStatus, int maxHosts) {

	/** Default callers waiting from which a host counts as saturated. */
	public static final int DEFAULT_SATURATION_WAITING = 1;

	/** Default time a host must stay saturated to be reported. */
	public static final Duration DEFAULT_SATURATION_DURATION = Duration.ofSeconds(30);

	/** Default connect failures in a row from which a host counts as failing. */
	public static final int DEFAULT_CONNECT_FAILURES = 3;

	/** Default window in which the last connect failure must fall. */
	public static final Duration DEFAULT_CONNECT_FAILURE_WINDOW = Duration.ofMinutes(1);

	/** Default limit of hosts listed in the details. */
	public static final int DEFAULT_MAX_HOSTS = 50;

	/** Checks every value: thresholds of at least 1, durations not negative, statuses set. */
	public EofPoolHealthPolicy {
		atLeast("saturationWaiting", saturationWaiting, 1);
		notNegative("saturationDuration", saturationDuration);
		Objects.requireNonNull(saturationStatus, "saturationStatus");
		atLeast("connectFailures", connectFailures, 1);
		notNegative("connectFailureWindow", connectFailureWindow);
		Objects.requireNonNull(connectFailureStatus, "connectFailureStatus");
		atLeast("maxHosts", maxHosts, 0);
	}

	/** Every default. */
	public static EofPoolHealthPolicy defaults() {
		return new EofPoolHealthPolicy(DEFAULT_SATURATION_WAITING, DEFAULT_SATURATION_DURATION, Status.UP,
				DEFAULT_CONNECT_FAILURES, DEFAULT_CONNECT_FAILURE_WINDOW, Status.UP, DEFAULT_MAX_HOSTS);
	}

	/**
	 * A status from its code, case-insensitive, {@code -} read as {@code _} ({@code out-of-service} is
	 * {@link Status#OUT_OF_SERVICE}); any other code makes a custom status, which the health endpoint's status order
	 * ({@code management.endpoint.health.status.order}) must then place.
	 */
	public static Status status(String code) {
		if (code == null || code.isBlank()) {
			throw new IllegalArgumentException("status must not be empty");
		}
		return new Status(code.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

	private static void atLeast(String name, int value, int min) {
		if (value < min) {
			throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
		}
	}

	private static void notNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be zero or positive but was " + value);
		}
	}

}
