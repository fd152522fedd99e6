package dev.eofpool.transport.proxy;

import java.util.Objects;

/**
 * The HTTP proxy a route goes through: where it listens, and the {@code Proxy-Authorization} value sent to it (or
 * {@code null}). Part of a route's identity, so connections through different proxies, or with different credentials,
 * are never shared. {@link #toString()} never shows the credentials.
 */
public final class HttpProxy {

	private final String host;

	private final int port;

	private final String authorization;

	/**
	 * @param host the proxy's host name or address literal (without brackets)
	 * @param port the proxy's port
	 * @param authorization the {@code Proxy-Authorization} header value, or {@code null} for none
	 */
	public HttpProxy(String host, int port, String authorization) {
		this.host = Objects.requireNonNull(host, "host");
		this.port = port;
		this.authorization = authorization;
	}

	/** The proxy's host name or address. */
	public String host() {
		return this.host;
	}

	/** The proxy's port. */
	public int port() {
		return this.port;
	}

	/** The {@code Proxy-Authorization} header value, or {@code null}. */
	public String authorization() {
		return this.authorization;
	}

	/** {@code host:port}, the IPv6 literal in brackets. */
	public String hostPort() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof HttpProxy)) {
			return false;
		}
		HttpProxy other = (HttpProxy) o;
		return this.port == other.port && this.host.equals(other.host)
				&& Objects.equals(this.authorization, other.authorization);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.host, this.port, this.authorization);
	}

	@Override
	public String toString() {
		return "http://" + hostPort();
	}
}
