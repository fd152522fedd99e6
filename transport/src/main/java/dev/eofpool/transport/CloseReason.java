package dev.eofpool.transport;

/** Why a connection was closed instead of pooled. Every close carries exactly one. */
public enum CloseReason {

	/** The server sent {@code Connection: close}. */
	SERVER_CONNECTION_CLOSE,

	/** The request carried {@code Connection: close}. */
	CLIENT_CONNECTION_CLOSE,

	/**
	 * An HTTP/1.0 response without {@code Connection: keep-alive}, or with {@code Transfer-Encoding} (RFC 9112 6.1:
	 * faulty framing, closed after the message whatever it asks).
	 */
	HTTP_1_0,

	/** The body had no length and no chunking, so it ended when the server closed the connection. */
	READ_UNTIL_CLOSE,

	/** The response had both {@code Transfer-Encoding} and {@code Content-Length}: read as chunked, never reused. */
	CHUNKED_WITH_CONTENT_LENGTH,

	/** The server's {@code Keep-Alive: max=} count of requests was used up. */
	KEEP_ALIVE_MAX,

	/** The response broke HTTP/1.1 syntax or framing (status line, headers, chunk sizes, lengths). */
	PROTOCOL_ERROR,

	/** The connection ended before the body's framing did. */
	TRUNCATED_BODY,

	/** A read or write failed. */
	IO_ERROR,

	/** A read timed out. */
	TIMEOUT,

	/** A body closed before its end had more left than the drain byte limit. */
	DRAIN_LIMIT,

	/** A body closed before its end did not finish within the drain time limit. */
	DRAIN_TIMEOUT,

	/** The server sent bytes that belong to no request (after a complete response, or on an idle connection). */
	UNSOLICITED_BYTES,

	/** The server had closed the idle connection (seen by the probe before reuse, or by a request that failed). */
	SERVER_CLOSED_IDLE,

	/** Idle longer than the configured idle timeout. */
	IDLE_TIMEOUT,

	/** Idle close to the server's advertised {@code Keep-Alive: timeout=}. */
	KEEP_ALIVE_TIMEOUT,

	/** Idle close to the idle age at which this server was seen closing connections. */
	LEARNED_IDLE_TIMEOUT,

	/** Older than the maximum lifetime. */
	MAX_LIFETIME,

	/** Its host already had the maximum number of idle connections. */
	IDLE_LIMIT_HOST,

	/** The pool already had the maximum number of idle connections (the least recently used one is closed). */
	IDLE_LIMIT_TOTAL,

	/** Its response body was dropped without being read to the end or closed. */
	LEAKED,

	/** The transport was closed. */
	TRANSPORT_CLOSED,

	/** Its host was drained ({@link HttpTransport#drain}): idle at once, leased ones when their exchange ended. */
	DRAINED,

	/** The request was abandoned (the caller's own body failed, or the protocol is not supported, e.g. 101). */
	ABORTED,

	/**
	 * The server answered before the whole request was sent (RFC 9112 9.5): the caller got that response, and the
	 * connection, whose request was cut short, is closed after it.
	 */
	EARLY_RESPONSE,

	/**
	 * DNS refresh found its address gone from the host's answer (absent from two answers in a row): idle ones close
	 * at once, leased ones when they come back.
	 */
	ADDRESS_REMOVED
}
