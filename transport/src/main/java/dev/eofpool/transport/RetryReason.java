package dev.eofpool.transport;

/** Why a request was sent a second time, on a fresh connection. */
public enum RetryReason {

	/** The reused connection ended (EOF) before any byte of the response. */
	CLOSED_BEFORE_RESPONSE,

	/** Writing the request or reading the response failed on the reused connection before any response byte. */
	RESET_BEFORE_RESPONSE
}
