package dev.eofpool.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.eofpool.transport.internal.connection.Connection;
import dev.eofpool.transport.internal.connection.Connector;
import dev.eofpool.transport.internal.connection.Exchange;
import dev.eofpool.transport.internal.connection.LeakWatch;
import dev.eofpool.transport.internal.connection.SocketOptions;
import dev.eofpool.transport.internal.connection.WarmUp;
import dev.eofpool.transport.internal.dial.AddressDialer;
import dev.eofpool.transport.internal.dial.DnsRefresh;
import dev.eofpool.transport.internal.http1.BodyStream;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.io.BufferPools;
import dev.eofpool.transport.internal.pool.ConnectionPool;

/**
 * The entry point: sends HTTP/1.1 requests over pooled, EOF-gated keep-alive connections. Thread-safe; create one per
 * application and {@link #close()} it on shutdown.
 * <p>
 * A request that fails on a reused connection before any byte of the response arrived is sent once more on a fresh
 * connection when that is safe (see {@link Exchange#retryReason}); every other failure closes the connection and
 * reaches the caller as an {@link IOException} naming the route.
 */
public final class HttpTransport implements Closeable {

	private final TransportConfig config;

	private final ConnectionPool<Connection> pool;

	private final Connector connector;

	private final HeadLimits limits;

	/** Whether response bodies are watched for leaks ({@link LeakWatch}: one shared daemon thread per JVM). */
	private final boolean leakDetection;

	private final WarmUp warmer;
	private final AddressDialer dialer;

	private final DnsRefresh dnsRefresh;

	/** The dialler {@link #dialerFor(Duration)} made last, or {@code null}. */
	private volatile TimedDialer lastDialer;

	/** The requests' routes, the last few origins' remembered. */
	private final Routes routes;

	/**
	 * The transport's call listeners combined, {@link CallListener#NONE} while there are none: a call then reads this
	 * field once and skips every event (no clock read, no allocation). Replaced whole on add and remove.
	 */
	private final java.util.concurrent.atomic.AtomicReference<CallListener> callListeners =
			new java.util.concurrent.atomic.AtomicReference<>(CallListener.NONE);

	/** Creates a transport with its own pool, configured by {@code config}. */
	public HttpTransport(TransportConfig config) {
		this.config = config;
		this.pool = new ConnectionPool<>(config, Connection.class);
		this.limits = HeadLimits.of(config);
		this.dialer = new AddressDialer(config, new DialEvents(this.pool));
		this.connector = new Connector(config.ticker(), this.limits, config.tls(), this.dialer,
				SocketOptions.of(config));
		this.routes = new Routes(config.proxy(), this.connector::defaultTls);
		this.dnsRefresh = new DnsRefresh(this.dialer, this.pool.addresses());
		this.pool.addresses().refreshWith(this.dnsRefresh::step);
		this.leakDetection = config.leakDetection();
		if (this.leakDetection) {
			LeakWatch.start();
		}
		this.warmer = new WarmUp(this.pool, (route, timeout) -> (r) -> this.connector.connect(r, timeout));
		this.pool.addListener(this.warmer);
	}

	/** A transport with every default. */
	public static HttpTransport create() {
		return new HttpTransport(TransportConfig.defaults());
	}

	/**
	 * Sends the request and reads the response head. The body must then be read to its end or closed; the connection
	 * goes back to the pool inside the read that reaches the end (before it returns), or inside {@code close()}.
	 * @throws IOException when the request cannot be sent or the response is malformed; the message names the route
	 */
	public HttpResponse send(HttpRequest request) throws IOException {
		CallListener listener = this.callListeners.get();
		if (request.listener() != null) {
			listener = CallListeners.of(listener, request.listener());
		}
		Route route = route(request); // a call without a route never started: nothing to report
		long start = 0;
		if (listener != CallListener.NONE) {
			start = this.config.ticker().nanoTime();
			listener.callStart(route, request);
		}
		return send(request, route, listener, start);
	}

	/** Sends on the route; with a listener, every phase is reported and the call's end exactly once. */
	private HttpResponse send(HttpRequest request, Route route, CallListener listener, long start)
			throws IOException {
		HostSettings settings = this.pool.settings(route);
		Duration connectTimeout = (request.connectTimeout() != null) ? request.connectTimeout()
				: settings.connectTimeout();
		Duration readTimeout = (request.readTimeout() != null) ? request.readTimeout() : settings.readTimeout();
		int readMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
		if (readMillis == 0 && !readTimeout.isZero()) {
			readMillis = 1;
		}
		Duration headTimeout = (settings.responseHeadTimeout() != null) ? settings.responseHeadTimeout()
				: this.config.responseHeadTimeout();
		long headMillis = (headTimeout != null) ? Math.max(1, headTimeout.toMillis()) : readMillis;
		ConnectionPool.Dialer<Connection> dialer = (listener == CallListener.NONE) ? dialerFor(connectTimeout)
				: (r) -> this.connector.connect(r, connectTimeout, listener);
		Connection conn = acquire(route, dialer, listener, start);
		boolean retried = false;
		for (;;) {
			Exchange exchange = new Exchange(this.pool, conn, request, this.limits, this.config);
			if (listener != CallListener.NONE) {
				exchange.listener(listener, start);
			}
			try {
				return exchange.execute(readMillis, headMillis, this.leakDetection, this.config.leakCallSites());
			}
			catch (IOException ex) {
				RetryReason retry = (!retried && this.config.retryStale() && !exchange.isEnded())
						? exchange.retryReason(ex) : null;
				if (retry != null) {
					retried = true;
					CloseReason reason = (ex instanceof EndBeforeResponseException) ? CloseReason.SERVER_CLOSED_IDLE
							: CloseReason.IO_ERROR;
					if (listener != CallListener.NONE) {
						listener.connectionReleased(route, false, reason);
					}
					conn.discardBuffers(); // the failed connection is closed by the replace
					conn = replace(conn, reason, retry, dialer, listener, start);
					continue;
				}
				exchange.fail(BodyStream.reasonFor(ex), ex);
				throw named(ex, request, route, readMillis, retried, exchange);
			}
			catch (RuntimeException | Error ex) {
				exchange.fail(CloseReason.ABORTED, new IOException(ex));
				throw ex;
			}
		}
	}

	/**
	 * The dialler of connections with that connect timeout and no listener (package-private for tests): the last one
	 * made when its timeout is equal (most requests share one), so a request allocates none. Threads with different
	 * timeouts may replace it in turn; each gets a dialler with its own timeout either way.
	 */
	ConnectionPool.Dialer<Connection> dialerFor(Duration connectTimeout) {
		TimedDialer last = this.lastDialer;
		if (last != null && last.timeout().equals(connectTimeout)) {
			return last.dialer();
		}
		ConnectionPool.Dialer<Connection> dialer = (r) -> this.connector.connect(r, connectTimeout);
		this.lastDialer = new TimedDialer(connectTimeout, dialer);
		return dialer;
	}

	/** A dialler and the connect timeout it dials with. */
	private record TimedDialer(Duration timeout, ConnectionPool.Dialer<Connection> dialer) {
	}

	/** Leases a connection; with a listener, a failure ends the call (no exchange will). */
	private Connection acquire(Route route, ConnectionPool.Dialer<Connection> dialer, CallListener listener,
			long start) throws IOException {
		if (listener == CallListener.NONE) {
			return this.pool.acquire(route, dialer);
		}
		try {
			return this.pool.acquire(route, dialer, listener);
		}
		catch (IOException | RuntimeException ex) {
			listener.callEnd(route, -1, (ex instanceof IOException io) ? io : new IOException(ex),
					this.config.ticker().nanoTime() - start);
			throw ex;
		}
	}

	/** Replaces a connection for the retry; with a listener, a failure ends the call. */
	private Connection replace(Connection conn, CloseReason reason, RetryReason retry,
			ConnectionPool.Dialer<Connection> dialer, CallListener listener, long start) throws IOException {
		if (listener == CallListener.NONE) {
			return this.pool.replace(conn, reason, retry, dialer);
		}
		try {
			return this.pool.replace(conn, reason, retry, dialer, listener);
		}
		catch (IOException | RuntimeException ex) {
			listener.callEnd(conn.route(), -1, (ex instanceof IOException io) ? io : new IOException(ex),
					this.config.ticker().nanoTime() - start);
			throw ex;
		}
	}

	/**
	 * The request's route: its URI's, with the request's TLS settings when they differ from the transport's (equal
	 * ones map to the default route so they share its connections), and the proxy the configuration selects
	 * ({@link Routes}: the same instance for requests to a recent origin).
	 */
	Route route(HttpRequest request) throws IOException {
		return this.routes.of(request);
	}

	/**
	 * Makes sure the message names the request's route, keeping the exception's type where callers rely on it; a read
	 * timeout also names the setting that decided it, the request's own or the host's.
	 */
	private static IOException named(IOException ex, HttpRequest request, Route route, int readMillis, boolean retried,
			Exchange exchange) {
		String suffix = retried ? " (after one retry on a fresh connection)" : "";
		if (ex instanceof HttpProtocolException || ex instanceof ResponseHeadTimeoutException
				|| ex instanceof WriteTimeoutException
				|| ex instanceof InterruptedIOException && !(ex instanceof SocketTimeoutException)) {
			return ex;
		}
		if (ex instanceof SocketTimeoutException) {
			SocketTimeoutException timeout = new SocketTimeoutException("Read timed out after " + readMillis
					+ " ms waiting for the response to " + request.method() + " " + route + suffix
					+ "; to wait longer raise " + exchange.readTimeoutSetting());
			timeout.initCause(ex);
			return timeout;
		}
		String message = String.valueOf(ex.getMessage());
		if (message.contains(route.toString()) && suffix.isEmpty()) {
			return ex;
		}
		return new IOException(request.method() + " " + request.uri() + " failed: " + message + suffix, ex);
	}

	/**
	 * Opens {@code connections} connections to {@code origin} ({@code scheme://host:port}; for {@code https} each
	 * one's TLS handshake included) and keeps them idle, in parallel, waiting at most {@code timeout}; never above the
	 * host's {@code maxConnections} and {@code maxIdle} nor the pool's total. From then on the transport keeps that
	 * many idle: when one is closed (by the server, the evictor or a limit) a background thread opens another.
	 * @return what was opened and what failed (failures are reported, never thrown)
	 */
	public WarmUpResult warmUp(URI origin, int connections, Duration timeout) {
		Route route = Route.of(origin);
		if (!this.config.proxy().isDirect()) {
			try {
				route = route.withProxy(this.config.proxy().select(route.scheme(), route.host(), route.port()));
			}
			catch (IOException ex) {
				return new WarmUpResult(route, connections, 0, 0, List.of(ex));
			}
		}
		return this.warmer.warmUp(route, connections, timeout);
	}

	/**
	 * Drains one host ({@code host:port}): closes its idle connections now and each leased one when its exchange ends
	 * ({@link CloseReason#DRAINED}), so later requests open fresh connections; with a positive {@code refuseFor}, a
	 * request that needs a new connection to the host within that time fails at once with
	 * {@link HostDrainedException}. Warm-up ({@link #warmUp}) refills the host once the refusal is over.
	 * @return what was closed, what will close, and the refusal time
	 */
	public DrainResult drain(String hostPort, Duration refuseFor) {
		return this.pool.operations().drain(hostPort, refuseFor);
	}

	/** A snapshot of the pool. */
	public PoolStats stats() {
		return this.pool.stats();
	}

	/** Adds a listener of pool events (metrics, logs). */
	public void addListener(PoolListener listener) {
		this.pool.addListener(listener);
	}

	/** Stops notifying {@code listener} of pool events. */
	public void removeListener(PoolListener listener) {
		this.pool.removeListener(listener);
	}

	/** Adds a listener of every call's phases (after those added before, before a request's own). */
	public void addCallListener(CallListener listener) {
		java.util.Objects.requireNonNull(listener, "listener");
		this.callListeners.updateAndGet((all) -> CallListeners.of(all, listener));
	}

	/** Stops telling {@code listener} of calls' phases (calls under way may still tell it). */
	public void removeCallListener(CallListener listener) {
		this.callListeners.updateAndGet((all) -> CallListeners.without(all, listener));
	}

	/** The configuration this transport was created with. */
	public TransportConfig config() {
		return this.config;
	}

	/** Whether {@link #close()} has been called. */
	public boolean isClosed() {
		return this.pool.isClosed();
	}

	/** The pools lending the connections' buffers, for the transport's own tests; not part of the API. */
	BufferPools buffers() {
		return this.connector.buffers();
	}

	/** The pool, for the transport's own tests (they drive eviction by hand); not part of the API. */
	ConnectionPool<Connection> pool() {
		return this.pool;
	}

	/** Waits up to {@code timeout} for warm-up's queued refills to end, for the transport's own tests. */
	boolean warmRefillsDone(Duration timeout) throws InterruptedException {
		return this.warmer.refillsDone(timeout);
	}

	/** The dialler, for the transport's own tests (failure memory); not part of the API. */
	AddressDialer dialer() {
		return this.dialer;
	}

	/** Runs the DNS refresh step at {@code now} (tests drive it by hand); returns the delay until the next one. */
	long refreshDns(long now) {
		return this.dnsRefresh.step(now);
	}

	/** Forwards the dialler's events to the pool's listeners. */
	private record DialEvents(ConnectionPool<Connection> pool) implements PoolListener {

		@Override
		public void dialAttemptFailed(Route route, InetAddress address, IOException error) {
			this.pool.addresses().notifyListeners((l) -> l.dialAttemptFailed(route, address, error));
		}

		@Override
		public void dialConnected(Route route, InetAddress address) {
			this.pool.addresses().notifyListeners((l) -> l.dialConnected(route, address));
		}

		@Override
		public void dialRaced(Route route, int attempts, int abandoned) {
			this.pool.addresses().notifyListeners((l) -> l.dialRaced(route, attempts, abandoned));
		}
	}

	/** Closes idle connections now and in-flight ones when their responses end; later requests are refused. */
	@Override
	public void close() {
		this.pool.close();
		this.warmer.close();
	}
}
