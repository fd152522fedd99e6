package dev.eofpool.transport;

/** How an attempt to get a connection from the pool ended. */
public enum AcquireOutcome {

	/** A connection was leased (reused or newly opened). */
	OK,

	/** The acquire timeout passed while waiting at the host's limit. */
	TIMEOUT,

	/** The waiting thread was interrupted. */
	INTERRUPTED,

	/** Connecting failed, the pool refused (fail-fast or closed), or waiting would deadlock. */
	ERROR
}
