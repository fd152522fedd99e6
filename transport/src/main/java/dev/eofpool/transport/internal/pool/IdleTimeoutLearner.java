package dev.eofpool.transport.internal.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.eofpool.transport.CloseReason;

/**
 * One route's idle timeout: the configured one, shortened by the server's last {@code Keep-Alive: timeout=} hint and
 * by the shortest idle age at which the server was seen to have closed a connection (when learning is on), each less a
 * safety margin. Guarded by the pool lock.
 */
final class IdleTimeoutLearner {

	/**
	 * Shortest idle age taken as a server's idle timeout. No server's keep-alive timeout is that short; an idle
	 * connection closed sooner was a one-off (a restart, a balancer recycling it, a fault), and learning it made every
	 * later connection of the host expire before its next use, so the host was never pooled again.
	 */
	static final long MIN_LEARNED_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final long configuredNanos;

	private final long marginNanos;

	private final boolean learn;

	// pool lock: latest Keep-Alive timeout from this server, -1 when none seen
	private long serverTimeoutNanos = -1;

	// pool lock: shortest idle age at which this server was seen to have closed a connection, -1 when never
	private long learnedIdleNanos = -1;

	IdleTimeoutLearner(Duration configured, Duration margin, boolean learn) {
		this.configuredNanos = configured.toNanos();
		this.marginNanos = margin.toNanos();
		this.learn = learn;
	}

	/** Remembers the server's {@code Keep-Alive: timeout=} (ignored when not positive). */
	void serverHint(long timeoutNanos) {
		if (timeoutNanos > 0) {
			this.serverTimeoutNanos = timeoutNanos;
		}
	}

	/** Learns that the server had closed a connection idle for {@code idleNanos} (ignored below 100 ms). */
	void serverClosedIdle(long idleNanos) {
		if (idleNanos >= MIN_LEARNED_IDLE_NANOS && (this.learnedIdleNanos < 0 || idleNanos < this.learnedIdleNanos)) {
			this.learnedIdleNanos = idleNanos;
		}
	}

	/** The idle timeout applied now. */
	long effectiveNanos() {
		return Math.min(this.configuredNanos, Math.min(hintedNanos(), learnedNanos()));
	}

	/** Which of the three limits {@link #effectiveNanos} comes from, as the reason an expiry carries. */
	CloseReason reason() {
		long hinted = hintedNanos();
		long learned = learnedNanos();
		if (learned < this.configuredNanos && learned < hinted) {
			return CloseReason.LEARNED_IDLE_TIMEOUT;
		}
		return (hinted < this.configuredNanos) ? CloseReason.KEEP_ALIVE_TIMEOUT : CloseReason.IDLE_TIMEOUT;
	}

	/** The server's last hint, or {@code null}. */
	Duration serverTimeout() {
		return (this.serverTimeoutNanos > 0) ? Duration.ofNanos(this.serverTimeoutNanos) : null;
	}

	/** The learned idle timeout, or {@code null} when none (or learning is off). */
	Duration learned() {
		return (this.learn && this.learnedIdleNanos > 0) ? Duration.ofNanos(this.learnedIdleNanos) : null;
	}

	private long hintedNanos() {
		return (this.serverTimeoutNanos > 0) ? withMargin(this.serverTimeoutNanos) : Long.MAX_VALUE;
	}

	private long learnedNanos() {
		return (this.learn && this.learnedIdleNanos > 0) ? withMargin(this.learnedIdleNanos) : Long.MAX_VALUE;
	}

	/** Keeps the margin, but never more than half of a short server timeout (so timeout=1 still pools for 0.5 s). */
	private long withMargin(long serverNanos) {
		return serverNanos - Math.min(this.marginNanos, serverNanos / 2);
	}
}
