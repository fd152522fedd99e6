package dev.eofpool.transport.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which HTTP proxy, if any, a request goes through. Three forms:
 * <ul>
 * <li>{@link #direct()}: no proxy (the default);</li>
 * <li>{@link #of(String, int)}: one explicit proxy for every target except the {@link #withNonProxyHosts non-proxy
 * hosts};</li>
 * <li>{@link #selector(ProxySelector)}: asks a {@link ProxySelector} per request; {@link #system()} uses the JVM's
 * default one, so the standard {@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts} (and, with
 * {@code java.net.useSystemProxies}, the OS settings) apply.</li>
 * </ul>
 * Credentials, when set, are sent preemptively as {@code Proxy-Authorization: Basic} to whichever proxy is chosen.
 * Only HTTP proxies are supported; a selector that offers only SOCKS proxies fails the request with a clear error.
 * Immutable.
 */
public final class ProxySettings {

	private static final ProxySettings DIRECT = new ProxySettings(null, null, List.of(), null);

	private final HttpProxy fixed;

	private final ProxySelector selector;

	private final List<String> nonProxyHosts;

	private final String authorization;

	private ProxySettings(HttpProxy fixed, ProxySelector selector, List<String> nonProxyHosts, String authorization) {
		this.fixed = fixed;
		this.selector = selector;
		this.nonProxyHosts = nonProxyHosts;
		this.authorization = authorization;
	}

	/** No proxy. */
	public static ProxySettings direct() {
		return DIRECT;
	}

	/**
	 * Every request through the HTTP proxy at {@code host:port}.
	 * @throws IllegalArgumentException when the host is blank or the port is outside 1..65535
	 */
	public static ProxySettings of(String host, int port) {
		if (host == null || host.isBlank() || host.chars().anyMatch((c) -> c <= ' ' || c == '/' || c == '@')) {
			throw new IllegalArgumentException("proxy.host must be a host name or address but was '" + host + "'");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("proxy.port must be between 1 and 65535 but was " + port);
		}
		String h = host.toLowerCase(Locale.ROOT);
		if (h.startsWith("[") && h.endsWith("]")) {
			h = h.substring(1, h.length() - 1);
		}
		return new ProxySettings(new HttpProxy(h, port, null), null, List.of(), null);
	}

	/** The proxy the selector chooses for each request's target URI ({@code scheme://host:port}). */
	public static ProxySettings selector(ProxySelector selector) {
		Objects.requireNonNull(selector, "proxySelector");
		return new ProxySettings(null, selector, List.of(), null);
	}

	/**
	 * The JVM's default {@link ProxySelector} (taken now): honours {@code http(s).proxyHost}, {@code http(s).proxyPort}
	 * and {@code http.nonProxyHosts}. Direct when the JVM has no default selector.
	 */
	public static ProxySettings system() {
		ProxySelector s = ProxySelector.getDefault();
		return (s != null) ? selector(s) : DIRECT;
	}

	/**
	 * Credentials sent as {@code Proxy-Authorization: Basic} (preemptively) to the proxy.
	 * @throws IllegalArgumentException when the user name is empty or contains a colon, or either has CR, LF or NUL
	 */
	public ProxySettings withCredentials(String username, String password) {
		if (username == null || username.isEmpty() || username.indexOf(':') >= 0 || hasControl(username)) {
			throw new IllegalArgumentException("proxy.username must be non-empty, without ':' or control characters");
		}
		if (password == null || hasControl(password)) {
			throw new IllegalArgumentException("proxy.password must be set, without control characters");
		}
		String token = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		String auth = "Basic " + token;
		HttpProxy f = (this.fixed != null) ? new HttpProxy(this.fixed.host(), this.fixed.port(), auth) : null;
		return new ProxySettings(f, this.selector, this.nonProxyHosts, auth);
	}

	/**
	 * Hosts reached directly although a fixed proxy is set: {@code http.nonProxyHosts} syntax, patterns separated by
	 * {@code |} (or given one by one), each a host name or address with at most one {@code *} at its start or end
	 * (such as {@code localhost|*.internal|10.*}). Case-insensitive. Only for {@link #of}; a selector applies its own.
	 * @throws IllegalArgumentException for an empty pattern or a {@code *} inside one
	 */
	public ProxySettings withNonProxyHosts(String... patterns) {
		if (this.fixed == null) {
			throw new IllegalArgumentException("proxy.nonProxyHosts applies only to an explicit proxy (host and port)");
		}
		List<String> list = new ArrayList<>(this.nonProxyHosts);
		for (String p : patterns) {
			for (String part : p.split("\\|")) {
				String q = part.trim().toLowerCase(Locale.ROOT);
				int first = q.indexOf('*');
				int last = q.lastIndexOf('*');
				boolean ok = !q.isEmpty() && (first < 0 || (first == last && (first == 0 || first == q.length() - 1)));
				if (!ok) {
					throw new IllegalArgumentException("proxy.nonProxyHosts pattern '" + part
							+ "' is not allowed: use a host, *.suffix or prefix.*");
				}
				list.add(q);
			}
		}
		return new ProxySettings(this.fixed, this.selector, List.copyOf(list), this.authorization);
	}

	private static boolean hasControl(String s) {
		return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
	}

	/** Whether requests may ever go through a proxy. */
	public boolean isDirect() {
		return this.fixed == null && this.selector == null;
	}

	/** The explicit proxy, or {@code null}. */
	public HttpProxy fixedProxy() {
		return this.fixed;
	}

	/** The selector, or {@code null}. */
	public ProxySelector proxySelector() {
		return this.selector;
	}

	/** The host patterns reached directly, without the proxy. */
	public List<String> nonProxyHosts() {
		return this.nonProxyHosts;
	}

	/**
	 * The proxy for a target, or {@code null} to go direct.
	 * @param host the target host, lower case, without brackets
	 * @throws IOException when the selector offers only proxies of a kind eofpool cannot use (SOCKS)
	 */
	public HttpProxy select(String scheme, String host, int port) throws IOException {
		if (this.fixed != null) {
			return bypass(host) ? null : this.fixed;
		}
		if (this.selector == null) {
			return null;
		}
		String h = (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
		List<Proxy> proxies = this.selector.select(URI.create(scheme + "://" + h + ":" + port));
		if (proxies == null || proxies.isEmpty()) {
			return null;
		}
		for (Proxy p : proxies) {
			if (p.type() == Proxy.Type.DIRECT) {
				return null;
			}
			if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress) {
				InetSocketAddress a = (InetSocketAddress) p.address();
				return new HttpProxy(a.getHostString().toLowerCase(Locale.ROOT), a.getPort(), this.authorization);
			}
		}
		throw new IOException("The proxy selector offers only " + proxies + " for " + scheme + "://" + h + ":" + port
				+ "; eofpool supports HTTP proxies only");
	}

	/** Whether a non-proxy-hosts pattern matches the host. */
	boolean bypass(String host) {
		for (String p : this.nonProxyHosts) {
			if (p.startsWith("*") ? host.endsWith(p.substring(1))
					: p.endsWith("*") ? host.startsWith(p.substring(0, p.length() - 1)) : host.equals(p)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		if (this.fixed != null) {
			return "ProxySettings[" + this.fixed + ", nonProxyHosts=" + this.nonProxyHosts
					+ (this.authorization != null ? ", basic auth" : "") + "]";
		}
		if (this.selector != null) {
			return "ProxySettings[selector " + this.selector + (this.authorization != null ? ", basic auth" : "") + "]";
		}
		return "ProxySettings[direct]";
	}

	/** Equal settings (same proxy, credentials, patterns and selector instance). */
	@Override
	public boolean equals(Object o) {
		if (!(o instanceof ProxySettings)) {
			return false;
		}
		ProxySettings other = (ProxySettings) o;
		return Objects.equals(this.fixed, other.fixed) && this.selector == other.selector
				&& this.nonProxyHosts.equals(other.nonProxyHosts)
				&& Objects.equals(this.authorization, other.authorization);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new Object[] { this.fixed, System.identityHashCode(this.selector), this.nonProxyHosts,
				this.authorization });
	}
}
