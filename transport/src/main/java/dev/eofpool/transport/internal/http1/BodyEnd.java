package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.CloseReason;

/**
 * How a response body tells its exchange that it ended, and what it asks of it while draining.
 * <p>
 * Contract: for each body exactly one of the four end hooks is called, once, by the body:
 * {@link #complete()} (the caller read to the end), {@link #drainedToEnd()} (a drain read to the end),
 * {@link #fail} (a read failed) or {@link #abandon} (closed early and not drained to the end). The exchange is the
 * only one that releases or closes the connection; after the hook the body never touches the connection again.
 */
public interface BodyEnd {

	/** The caller's read reached the end of the framing. Called inside that read, before it returns. */
	void complete();

	/**
	 * A body closed early was drained to the end of its framing (called instead of {@link #complete()}, inside the
	 * drain's last read, before {@code close()} returns).
	 */
	void drainedToEnd();

	/** A read failed: the connection's state is unknown, so it is closed. */
	void fail(CloseReason reason, IOException cause);

	/** The body was closed early and could not be drained within the bounds: the connection is closed. */
	void abandon(CloseReason reason);

	/** Bytes a drain may read at most. */
	long drainMaxBytes();

	/** A drain begins: bound the reads that follow by the drain timeout. Called once, before the drain's first read. */
	void drainStarts();

	/** Whether the drain timeout has passed (the drain then stops before its next read). */
	boolean drainTimeUp();

	/** The bound of each body read in milliseconds (0: none), to name it when a read timed out. */
	int readTimeoutMillis();

	/** The name of the setting that decided the read timeout, for its message, or {@code null} when unknown. */
	default String readTimeoutSetting() {
		return null;
	}
}
