/**
 * eofpool's HTTP/1.1 transport: an EOF-gated persistent-connection pool on the JDK alone.
 * <p>
 * Exported: {@code dev.eofpool.transport} (the entry point {@link dev.eofpool.transport.HttpTransport}, its
 * configuration, requests and responses, routes, statistics, listener and exceptions),
 * {@code dev.eofpool.transport.tls} and {@code dev.eofpool.transport.proxy} (their settings). Everything under
 * {@code dev.eofpool.transport.internal} is the implementation and may change in any release.
 */
module dev.eofpool.transport {

	// TCP keep-alive timers (ExtendedSocketOptions); the module ships with every JDK, so it is required, not static
	requires jdk.net;

	exports dev.eofpool.transport;
	exports dev.eofpool.transport.proxy;
	exports dev.eofpool.transport.tls;
}
