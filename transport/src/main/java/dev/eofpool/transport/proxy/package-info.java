/**
 * HTTP proxies.
 * <p>
 * {@link dev.eofpool.transport.proxy.ProxySettings} chooses, per request, a proxy or none: an explicit proxy with
 * non-proxy host patterns, or a {@link java.net.ProxySelector} (the JVM's default honours {@code http(s).proxyHost}
 * and {@code http.nonProxyHosts}); direct by default. The chosen {@link dev.eofpool.transport.proxy.HttpProxy}
 * (address and {@code Proxy-Authorization}) becomes part of the route, so proxied connections are pooled apart from
 * direct ones and from other proxies.
 * <p>
 * An {@code http} request goes to the proxy in absolute form, with the proxy's credentials; the connection is reused
 * like any other. An {@code https} request gets a {@code CONNECT} tunnel when its connection is opened, then TLS with
 * the origin inside it; the tunnel is reused with the connection. A proxy that answers {@code CONNECT} with anything
 * but 2xx fails the request with a {@link dev.eofpool.transport.proxy.ProxyTunnelException} carrying its status line.
 */
package dev.eofpool.transport.proxy;
