package dev.eofpool.transport.pool;

import java.net.URI;
import java.util.Locale;

/**
 * What makes connections interchangeable: scheme, host (lower case) and port. Connections of one route are pooled
 * together; connections of different routes never are.
 *
 * @param scheme {@code http} or {@code https}
 * @param host host name or address literal, lower case, without brackets
 * @param port port number
 */
public record Route(String scheme, String host, int port) {

	/** The route of an absolute {@code http} or {@code https} URI; the port defaults by scheme. */
	public static Route of(URI uri) {
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = uri.getPort();
		if (port < 0) {
			port = "https".equals(scheme) ? 443 : 80;
		}
		return new Route(scheme, host.toLowerCase(Locale.ROOT), port);
	}

	/** Whether the port is the scheme's default (so a {@code Host} header omits it). */
	public boolean defaultPort() {
		return ("http".equals(this.scheme) && this.port == 80) || ("https".equals(this.scheme) && this.port == 443);
	}

	/** The {@code Host} header value: host, bracketed when an IPv6 literal, with the port when not the default. */
	public String authority() {
		String h = (this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host;
		return defaultPort() ? h : h + ":" + this.port;
	}

	/** {@code host:port}, as used by per-host settings and metrics tags. */
	public String hostPort() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	@Override
	public String toString() {
		return this.scheme + "://" + hostPort();
	}
}
