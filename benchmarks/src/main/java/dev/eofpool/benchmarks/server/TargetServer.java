package dev.eofpool.benchmarks.server;

import java.net.URI;
import java.nio.file.Path;

/**
 * The loopback server every contender and {@code wrk} load. Serves {@code GET /1k}, {@code GET /64k},
 * {@code POST /post} (reads the whole body, then answers) and {@code GET /status} in nginx's {@code stub_status}
 * format, whose accepted-connections count is how the harness counts the sockets a client opened. It may also serve
 * the same paths over TLS on a second port ({@link #httpsBase()}); the one count covers both ports.
 */
public interface TargetServer extends AutoCloseable {

	/** The root URI, e.g. {@code http://127.0.0.1:41234}. */
	URI base();

	/** The HTTPS root, e.g. {@code https://127.0.0.1:41235}, or {@code null} when the server has no TLS port. */
	default URI httpsBase() {
		return null;
	}

	/** The PKCS12 trust store with the HTTPS port's certificate, or {@code null} when there is none. */
	default Path trustStore() {
		return null;
	}

	/** Why there is no HTTPS port, or {@code null} when there is one. */
	default String httpsUnavailableReason() {
		return (httpsBase() != null) ? null : "this server has no HTTPS port";
	}

	/** What it is, for the report, e.g. {@code nginx 1.22.1 (1 worker)}. */
	String description();

	/** Stops the server; bounded in time. */
	@Override
	void close();
}
