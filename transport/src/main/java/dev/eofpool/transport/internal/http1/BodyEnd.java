package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.CloseReason;

/**
 * How a response body tells its exchange that it ended. Exactly one of these is called, once, by the body; the
 * exchange is the only one that releases or closes the connection.
 */
public interface BodyEnd {

	/** The framing reached its end cleanly. Called inside the read that got there, before it returns. */
	void complete();

	/** The body failed: the connection's state is unknown, so it is closed. */
	void fail(CloseReason reason, IOException cause);

	/** The body was closed early and could not be drained within the bounds: the connection is closed. */
	void abandon(CloseReason reason);

	/** A body closed early was drained to its end (called instead of {@link #complete()}). */
	void drainedToEnd();

	/** Bytes a drain may read at most. */
	long drainMaxBytes();

	/** Milliseconds a drain may take at most. */
	long drainTimeoutMillis();
}
