package dev.eofpool.transport.internal.pool;

import dev.eofpool.transport.CloseReason;

/**
 * How an exchange ended, as it hands its connection back: why the connection must be closed, or {@code null} when
 * the response was read to its end and both sides allow keep-alive; and what the server hinted about keep-alive.
 *
 * @param closeReason why the connection is closed, or {@code null} to keep it (subject to the pool's limits)
 * @param hint the server's keep-alive hint from the response, {@link KeepAliveHint#NONE} when none
 */
public record ReleaseOutcome(CloseReason closeReason, KeepAliveHint hint) {

	/** Kept for reuse, without a server hint. */
	public static final ReleaseOutcome KEEP = new ReleaseOutcome(null, KeepAliveHint.NONE);

	/** A missing hint reads as {@link KeepAliveHint#NONE}. */
	public ReleaseOutcome {
		if (hint == null) {
			hint = KeepAliveHint.NONE;
		}
	}

	/** Kept for reuse, unless {@code closeReason} says otherwise, with the server's hint. */
	public static ReleaseOutcome of(CloseReason closeReason, KeepAliveHint hint) {
		return (closeReason == null && hint == KeepAliveHint.NONE) ? KEEP : new ReleaseOutcome(closeReason, hint);
	}

	/** Closed for {@code reason}. */
	public static ReleaseOutcome close(CloseReason reason) {
		return new ReleaseOutcome(reason, KeepAliveHint.NONE);
	}
}
