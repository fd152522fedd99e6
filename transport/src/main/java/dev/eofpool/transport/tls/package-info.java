/**
 * TLS for {@code https} routes.
 * <p>
 * {@link dev.eofpool.transport.tls.TlsSettings} says how connections are secured (context, protocols, cipher suites,
 * hostname verification, handshake timeout) and is part of the {@link dev.eofpool.transport.Route}: connections
 * made with different settings are never pooled together. A route with no settings uses the transport's
 * ({@code TransportConfig.Builder.tls}, else the JVM default context); a request may carry its own
 * ({@code HttpRequest.Builder.tls}), which is how factories built from different Spring Boot SSL bundles share one
 * transport.
 * <p>
 * {@link dev.eofpool.transport.internal.connection.TlsHandshake} layers an {@link javax.net.ssl.SSLSocket} over the pooled
 * connection's socket (after the proxy tunnel, if any) with SNI and endpoint identification {@code HTTPS}, and gives
 * the context's session cache the host and port, so new connections to a server resume the earlier TLS session.
 * Every failure is a {@link dev.eofpool.transport.tls.TlsHandshakeException} naming the route, classified by
 * {@link dev.eofpool.transport.tls.TlsFailure}.
 * <p>
 * The connection keeps its raw channel: the idle probe looks at it without consuming TLS records (see
 * {@code Connection.probe()}), and closing closes the channel, which never blocks (the server sees a FIN without a
 * {@code close_notify}; message ends are told by HTTP framing, never by TLS closure).
 */
package dev.eofpool.transport.tls;

import dev.eofpool.transport.internal.connection.TlsHandshake;
