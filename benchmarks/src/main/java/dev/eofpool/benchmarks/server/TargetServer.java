package dev.eofpool.benchmarks.server;

import java.net.URI;

/**
 * The loopback server every contender and {@code wrk} load. Serves {@code GET /1k}, {@code GET /64k},
 * {@code POST /post} (reads the whole body, then answers) and {@code GET /status} in nginx's {@code stub_status}
 * format, whose accepted-connections count is how the harness counts the sockets a client opened.
 */
public interface TargetServer extends AutoCloseable {

	/** The root URI, e.g. {@code http://127.0.0.1:41234}. */
	URI base();

	/** What it is, for the report, e.g. {@code nginx 1.22.1 (1 worker)}. */
	String description();

	/** Stops the server; bounded in time. */
	@Override
	void close();
}
