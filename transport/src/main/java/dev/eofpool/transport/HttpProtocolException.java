package dev.eofpool.transport;

import java.io.IOException;

/**
 * The server broke HTTP/1.1: a malformed status line or header, a head over its size limits, a bad chunk size,
 * conflicting lengths. The message names the route and what was wrong. The connection is closed, never pooled.
 */
public class HttpProtocolException extends IOException {

	private static final long serialVersionUID = 1L;

	/** Creates the exception with a message naming the route and what was wrong. */
	public HttpProtocolException(String message) {
		super(message);
	}
}
