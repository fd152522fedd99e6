package dev.eofpool.transport;

import java.net.URI;
import java.util.Locale;

import dev.eofpool.transport.proxy.HttpProxy;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * What makes connections interchangeable: scheme, host (lower case), port, the TLS settings of an {@code https}
 * route and the proxy it goes through. Connections of one route are pooled together; connections of different
 * routes never are, so connections with different trust material, protocols or cipher suites, or through different
 * proxies (or none), are never mixed.
 *
 * @param scheme {@code http} or {@code https}
 * @param host host name or address literal, lower case, without brackets
 * @param port port number
 * @param tls the TLS settings of an {@code https} route, or {@code null} for the transport's default ones (always
 * {@code null} for {@code http})
 * @param proxy the HTTP proxy the route goes through, or {@code null} for a direct connection
 */
public record Route(String scheme, String host, int port, TlsSettings tls, HttpProxy proxy) {

	/** A direct route with the transport's default TLS settings. */
	public Route(String scheme, String host, int port) {
		this(scheme, host, port, null, null);
	}

	/** The direct route of an absolute {@code http} or {@code https} URI; the port defaults by scheme. */
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

	/** This route with other TLS settings ({@code null}: the transport's default). */
	public Route withTls(TlsSettings value) {
		return new Route(this.scheme, this.host, this.port, value, this.proxy);
	}

	/** This route through a proxy ({@code null}: direct). */
	public Route withProxy(HttpProxy value) {
		return new Route(this.scheme, this.host, this.port, this.tls, value);
	}

	/** Whether connections of this route speak TLS to the origin. */
	public boolean secure() {
		return "https".equals(this.scheme);
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

	/**
	 * {@code scheme://host:port}, then the TLS settings' tag when not the default, then {@code via} the proxy. Never
	 * shows credentials or key material.
	 */
	@Override
	public String toString() {
		String s = this.scheme + "://" + hostPort();
		if (this.tls != null) {
			s += " (" + this.tls.tag() + ")";
		}
		if (this.proxy != null) {
			s += " via proxy " + this.proxy;
		}
		return s;
	}
}
