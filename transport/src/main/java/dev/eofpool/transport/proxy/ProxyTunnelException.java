package dev.eofpool.transport.proxy;

import java.io.IOException;

/**
 * A proxy answered the {@code CONNECT} request for an {@code https} route with something other than 2xx. The message
 * names the proxy, the route and the proxy's status line; {@link #status()} and {@link #statusLine()} carry them.
 */
public final class ProxyTunnelException extends IOException {

	private static final long serialVersionUID = 1L;

	/** The status code the proxy answered with. */
	private final int status;

	/** The status line the proxy answered with. */
	private final String statusLine;

	/** Creates the exception with a message naming the route, and the proxy's answer. */
	public ProxyTunnelException(String message, int status, String statusLine) {
		super(message);
		this.status = status;
		this.statusLine = statusLine;
	}

	/** The proxy's status code, such as 407 or 403. */
	public int status() {
		return this.status;
	}

	/** The proxy's status line, such as {@code HTTP/1.1 407 Proxy Authentication Required}. */
	public String statusLine() {
		return this.statusLine;
	}
}
