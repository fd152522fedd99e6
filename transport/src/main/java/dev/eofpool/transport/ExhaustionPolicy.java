package dev.eofpool.transport;

/** What a request does when its host is at its connection limit and no connection is idle. */
public enum ExhaustionPolicy {

	/** Wait in FIFO order for a connection, up to the acquire timeout. */
	WAIT,

	/** Fail at once with {@link dev.eofpool.transport.PoolExhaustedException}. */
	FAIL_FAST
}
