package dev.eofpool.transport.internal.http1;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpHeaders;

/**
 * Whether the two sides let a connection carry another request after this exchange (RFC 9112 section 9.3): not when
 * either sent {@code Connection: close}, not after an HTTP/1.0 response without {@code Connection: keep-alive}, nor
 * after one with {@code Transfer-Encoding}, whatever it asks (RFC 9112 6.1: its framing is faulty). The body's framing
 * has its own say ({@link BodyFraming#noReuse()}).
 */
public final class KeepAliveRules {

	private KeepAliveRules() {
	}

	/**
	 * Why the headers forbid reusing the connection, or {@code null} when they allow it. The client's
	 * {@code Connection: close} is named first, then the server's, then HTTP/1.0. An HTTP/1.0 response with
	 * {@code Transfer-Encoding} is never reused, {@code keep-alive} or not: a 1.0 hop on the way likely passed on
	 * chunked bytes it did not understand, and RFC 9112 6.1 asks to close the connection after it.
	 */
	public static CloseReason noReuse(HttpHeaders requestHeaders, ResponseHead head) {
		if (requestHeaders.containsToken("Connection", "close")) {
			return CloseReason.CLIENT_CONNECTION_CLOSE;
		}
		HttpHeaders headers = head.headers();
		if (headers.containsToken("Connection", "close")) {
			return CloseReason.SERVER_CONNECTION_CLOSE;
		}
		if (head.minorVersion() == 0 && (!headers.containsToken("Connection", "keep-alive")
				|| headers.contains("Transfer-Encoding"))) {
			return CloseReason.HTTP_1_0;
		}
		return null;
	}

	/**
	 * The value of one {@code Keep-Alive} parameter ({@code timeout=N}, {@code max=M}; RFC 2068 19.7.1.1): 1 to 9
	 * decimal digits, else -1 (the parameter is then ignored).
	 */
	public static long hintValue(String digits) {
		return Digits.decimal(digits, 9);
	}
}
