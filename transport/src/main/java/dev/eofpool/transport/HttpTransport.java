package dev.eofpool.transport;

import java.io.Closeable;
import java.io.IOException;

import dev.eofpool.transport.pool.ConnectionPool;
import dev.eofpool.transport.pool.PoolListener;
import dev.eofpool.transport.pool.PoolStats;

/**
 * The entry point: sends HTTP/1.1 requests over pooled, EOF-gated keep-alive connections. Thread-safe; create one per
 * application and {@link #close()} it on shutdown.
 */
public final class HttpTransport implements Closeable {

	private final TransportConfig config;

	private final ConnectionPool pool;

	public HttpTransport(TransportConfig config) {
		this.config = config;
		this.pool = new ConnectionPool(config);
	}

	/** A transport with every default. */
	public static HttpTransport create() {
		return new HttpTransport(TransportConfig.defaults());
	}

	/**
	 * Sends the request and reads the response head. The body must then be read to its end or closed.
	 * @throws IOException when the request cannot be sent or the response is malformed; the message names the route
	 */
	public HttpResponse send(HttpRequest request) throws IOException {
		throw new UnsupportedOperationException("not yet");
	}

	/** A snapshot of the pool. */
	public PoolStats stats() {
		return this.pool.stats();
	}

	/** Adds a listener of pool events (metrics, logs). */
	public void addListener(PoolListener listener) {
		this.pool.addListener(listener);
	}

	public void removeListener(PoolListener listener) {
		this.pool.removeListener(listener);
	}

	public TransportConfig config() {
		return this.config;
	}

	public boolean isClosed() {
		return this.pool.isClosed();
	}

	/** Closes idle connections now and in-flight ones when their responses end; later requests are refused. */
	@Override
	public void close() {
		this.pool.close();
	}
}
