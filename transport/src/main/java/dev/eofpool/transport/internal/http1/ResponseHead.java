package dev.eofpool.transport.internal.http1;

import dev.eofpool.transport.HttpHeaders;

/**
 * A parsed status line and header block.
 *
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param status the status code
 * @param reason the reason phrase (possibly empty)
 * @param headers the header fields in order
 */
public record ResponseHead(int minorVersion, int status, String reason, HttpHeaders headers) {

	/** The protocol version as sent on a status line. */
	public String version() {
		return (this.minorVersion == 0) ? "HTTP/1.0" : "HTTP/1.1";
	}
}
