package dev.eofpool.transport;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import dev.eofpool.transport.proxy.ProxySettings;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * Finds each request's {@link Route}, remembering the last few: a request to an origin seen recently gets the very
 * {@code Route} instance its predecessors got, so building it costs nothing and the pool's look-up by route finds its
 * key by identity (the strings' hashes already cached) instead of hashing and comparing a new one.
 * <p>
 * A remembered route is reused only for a request whose URI has the same scheme, host and port as written (compared
 * as strings, no hashing), whose TLS settings are the same instance, while the transport's default TLS settings are
 * the same instance: a request that differs in any of them never gets another's TLS settings. Routes are remembered
 * only while the proxy does not depend on a {@link java.net.ProxySelector} (direct, or one fixed proxy: the same
 * target always goes through the same proxy); a selector is asked on every request, as it may answer differently.
 */
final class Routes {

	/** Origins remembered: enough for the few a service calls most, few enough that a miss scans them quickly. */
	static final int REMEMBERED = 4;

	private final ProxySettings proxy;

	private final Supplier<TlsSettings> defaultTls;

	/**
	 * The remembered routes, filled in turn. Read and written without a lock: each entry is immutable (its fields final,
	 * so a reader that sees an entry sees it whole), and a reader that sees a stale slot or {@code null} only builds
	 * the route again. Two threads missing at once may write the same slot: one entry is lost, nothing else.
	 */
	private final Entry[] recent = new Entry[REMEMBERED];

	/** The slot the next miss writes; racy increments only change which entry is replaced. */
	private int next;

	/**
	 * @param proxy the transport's proxy settings
	 * @param defaultTls the transport's default TLS settings (the same instance while they do not change)
	 */
	Routes(ProxySettings proxy, Supplier<TlsSettings> defaultTls) {
		this.proxy = proxy;
		this.defaultTls = defaultTls;
	}

	/**
	 * The request's route: its URI's, with the request's TLS settings when they differ from the transport's (equal
	 * ones map to the default route so they share its connections), and the proxy the configuration selects.
	 */
	Route of(HttpRequest request) throws IOException {
		URI uri = request.uri();
		String scheme = uri.getScheme();
		String host = uri.getHost();
		int port = uri.getPort();
		TlsSettings tls = request.tls();
		// the defaults only matter (and are only made, which may load the JVM's default SSL context) for own settings
		TlsSettings defaults = (tls != null && "https".equalsIgnoreCase(scheme)) ? this.defaultTls.get() : null;
		if (this.proxy.proxySelector() != null) {
			return build(uri, tls, defaults);
		}
		Entry[] recent = this.recent;
		for (Entry e : recent) {
			if (e != null && e.port == port && e.tls == tls && e.defaults == defaults && e.host.equals(host)
					&& e.scheme.equals(scheme)) {
				return e.route;
			}
		}
		Route route = build(uri, tls, defaults);
		for (Entry e : recent) {
			// another spelling of a remembered origin (letter case, an explicit default port): the same instance
			if (e != null && e.route.equals(route)) {
				route = e.route;
				break;
			}
		}
		int slot = this.next;
		this.next = (slot + 1) % REMEMBERED;
		recent[slot] = new Entry(scheme, host, port, tls, defaults, route);
		return route;
	}

	private Route build(URI uri, TlsSettings tls, TlsSettings defaults) throws IOException {
		Route route = Route.of(uri);
		if (route.secure() && tls != null && !tls.equals(defaults)) {
			route = route.withTls(tls);
		}
		if (!this.proxy.isDirect()) {
			route = route.withProxy(this.proxy.select(route.scheme(), route.host(), route.port()));
		}
		return route;
	}

	/**
	 * A remembered route and what it was built from.
	 *
	 * @param scheme the URI's scheme, as written
	 * @param host the URI's host, as written
	 * @param port the URI's port, -1 when it has none
	 * @param tls the request's TLS settings, or {@code null}
	 * @param defaults the transport's default TLS settings then, or {@code null} when they did not matter (no TLS
	 * settings of the request's own, or not {@code https})
	 * @param route the route built from them
	 */
	private record Entry(String scheme, String host, int port, TlsSettings tls, TlsSettings defaults, Route route) {
	}

}
