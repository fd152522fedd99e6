package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.List;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.EndBeforeResponseException;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.http1.BodyEnd;
import dev.eofpool.transport.internal.http1.BodyStream;
import dev.eofpool.transport.internal.http1.ChunkedBody;
import dev.eofpool.transport.internal.http1.FixedLengthBody;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.http1.RequestWriter;
import dev.eofpool.transport.internal.http1.ResponseHead;
import dev.eofpool.transport.internal.http1.ResponseHeadParser;
import dev.eofpool.transport.internal.http1.UntilCloseBody;
import dev.eofpool.transport.internal.pool.ConnectionPool;
import dev.eofpool.transport.internal.pool.KeepAliveHint;
import dev.eofpool.transport.internal.pool.ReleaseOutcome;

/**
 * One request and its response on one leased connection, and the only code that gives the connection back. It
 * decides whether keep-alive is allowed (both sides, HTTP version, framing, server hints); the body tells it when the
 * framing ended; then it releases the connection exactly once, reusable only when everything allowed it.
 * <p>
 * It is also the leak detector's action: when a response body becomes unreachable before it ended, the cleaner runs
 * {@link #run()}, which closes the connection (the exchange never refers to the body, so it does not keep it alive).
 */
public final class Exchange implements BodyEnd, Runnable {

	private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

	private final ConnectionPool<Connection> pool;

	private final Connection conn;

	private final Route route;

	private final HttpRequest request;

	private final HeadLimits limits;

	private final long drainMaxBytes;

	private final long drainTimeoutMillis;

	/** Set once by whichever path ends the exchange first: complete, fail, abandon, or the leak detector. */
	private volatile int ended;

	private static final java.lang.invoke.VarHandle ENDED;

	static {
		try {
			ENDED = java.lang.invoke.MethodHandles.lookup().findVarHandle(Exchange.class, "ended", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Whether the clean end handed the connection back for reuse (written and read by the body's thread). */
	private boolean kept;

	/** Why the connection may not be reused even if the body ends cleanly; null when it may. */
	private CloseReason noReuse;

	/** The server's keep-alive hint from the response head, handed to the pool with the connection. */
	private KeepAliveHint keepAlive = KeepAliveHint.NONE;

	private long readMark;

	private long writeMark;

	private Cleaner.Cleanable cleanable;

	private Throwable callSite;

	public Exchange(ConnectionPool<Connection> pool, Connection conn, HttpRequest request, HeadLimits limits,
			long drainMaxBytes, long drainTimeoutMillis) {
		this.pool = pool;
		this.conn = conn;
		this.route = conn.route();
		this.request = request;
		this.limits = limits;
		this.drainMaxBytes = drainMaxBytes;
		this.drainTimeoutMillis = drainTimeoutMillis;
	}

	/**
	 * Writes the request and reads the response head. For a response without a body the connection is released
	 * before this returns.
	 * @param cleaner registers the body for leak detection, or {@code null} for none
	 * @param recordCallSite whether to remember the caller's stack for the leak warning
	 */
	public HttpResponse execute(int readTimeoutMillis, Cleaner cleaner, boolean recordCallSite) throws IOException {
		return execute(readTimeoutMillis, readTimeoutMillis, cleaner, recordCallSite);
	}

	/**
	 * As {@link #execute(int, Cleaner, boolean)}, with the whole response head bounded by {@code headTimeoutMillis}
	 * (0: only each read is bounded).
	 */
	public HttpResponse execute(int readTimeoutMillis, long headTimeoutMillis, Cleaner cleaner, boolean recordCallSite)
			throws IOException {
		this.conn.readTimeout(readTimeoutMillis);
		this.readMark = this.conn.bytesRead();
		this.writeMark = this.conn.bytesWritten();
		RequestWriter.write(this.conn, this.request, this.route);
		ResponseHead head = ResponseHeadParser.read(this.conn, this.limits, this.route, headTimeoutMillis);
		if (head.status() == 101) {
			throw new HttpProtocolException("Response from " + this.route + " switches protocols (101), which eofpool "
					+ "does not support");
		}
		HttpHeaders headers = head.headers();
		keepAliveRules(head);
		BodyStream body = framing(head, headers);
		if (cleaner != null && !isEnded()) {
			if (recordCallSite) {
				this.callSite = new Throwable("Call site of the leaked request " + this.request);
			}
			this.cleanable = cleaner.register(body, this);
		}
		return new HttpResponse(head.status(), head.reason(), head.version(), headers, body, this.conn.reused());
	}

	private void keepAliveRules(ResponseHead head) {
		HttpHeaders headers = head.headers();
		if (this.request.headers().containsToken("Connection", "close")) {
			this.noReuse = CloseReason.CLIENT_CONNECTION_CLOSE;
		}
		else if (headers.containsToken("Connection", "close")) {
			this.noReuse = CloseReason.SERVER_CONNECTION_CLOSE;
		}
		else if (head.minorVersion() == 0 && !headers.containsToken("Connection", "keep-alive")) {
			this.noReuse = CloseReason.HTTP_1_0;
		}
		String keepAlive = headers.first("Keep-Alive");
		this.keepAlive = (keepAlive != null) ? KeepAliveHeader.parse(keepAlive) : KeepAliveHint.NONE;
	}

	/** Chooses the body framing by RFC 9112 section 6.3. */
	private BodyStream framing(ResponseHead head, HttpHeaders headers) throws IOException {
		int status = head.status();
		if ("HEAD".equals(this.request.method()) || status == 204 || status == 304 || status < 200) {
			return new FixedLengthBody(this.conn, this, 0, this.route);
		}
		List<String> te = headers.all("Transfer-Encoding");
		if (!te.isEmpty()) {
			if (headers.contains("Content-Length")) {
				// a message with both is a smuggling vector: read by chunked, then never trust the connection again
				this.noReuse = CloseReason.CHUNKED_WITH_CONTENT_LENGTH;
			}
			if (lastCodingIsChunked(te)) {
				return new ChunkedBody(this.conn, this, this.route, this.limits);
			}
			this.noReuse = CloseReason.READ_UNTIL_CLOSE;
			return new UntilCloseBody(this.conn, this);
		}
		List<String> cl = headers.all("Content-Length");
		if (!cl.isEmpty()) {
			return new FixedLengthBody(this.conn, this, contentLength(cl), this.route);
		}
		this.noReuse = CloseReason.READ_UNTIL_CLOSE;
		return new UntilCloseBody(this.conn, this);
	}

	private static boolean lastCodingIsChunked(List<String> values) {
		String last = values.get(values.size() - 1);
		int comma = last.lastIndexOf(',');
		return last.substring(comma + 1).trim().equalsIgnoreCase("chunked");
	}

	/** One length from every value (repeated headers or comma lists must agree), else a protocol error. */
	private long contentLength(List<String> values) throws HttpProtocolException {
		if (values.size() == 1) {
			long fast = digits(values.get(0));
			if (fast >= 0) {
				return fast;
			}
		}
		long length = -1;
		for (String value : values) {
			for (String part : value.split(",", -1)) {
				String v = part.trim();
				if (v.isEmpty() || v.length() > 18) {
					throw new HttpProtocolException("Invalid Content-Length from " + this.route + ": '" + value + "'");
				}
				long parsed = 0;
				for (int i = 0; i < v.length(); i++) {
					char c = v.charAt(i);
					if (c < '0' || c > '9') {
						throw new HttpProtocolException("Invalid Content-Length from " + this.route + ": '" + value + "'");
					}
					parsed = parsed * 10 + (c - '0');
				}
				if (length >= 0 && parsed != length) {
					throw new HttpProtocolException("Conflicting Content-Length values from " + this.route + ": "
							+ values);
				}
				length = parsed;
			}
		}
		return length;
	}

	/** The value of a plain run of at most 18 digits, else -1 (then the careful path decides). */
	private static long digits(String v) {
		int n = v.length();
		if (n == 0 || n > 18) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < n; i++) {
			char c = v.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/** Whether the exchange has ended (the connection was released or closed). */
	public boolean isEnded() {
		return this.ended != 0;
	}

	/**
	 * Why this failed exchange may be sent again on a fresh connection, or {@code null} when it may not: only on a
	 * reused connection, only before any response byte, only with a replayable body, and only for an idempotent method
	 * or a request of which nothing was written.
	 */
	public RetryReason retryReason(IOException failure) {
		if (failure instanceof java.net.SocketTimeoutException) {
			return null; // a slow server, not a stale connection: sending again would only double the wait
		}
		if (!this.conn.reused() || this.conn.bytesRead() != this.readMark) {
			return null;
		}
		RequestBody body = this.request.body();
		if (body != null && !body.replayable()) {
			return null;
		}
		if (!this.request.idempotent() && this.conn.bytesWritten() != this.writeMark) {
			return null;
		}
		return (failure instanceof EndBeforeResponseException) ? RetryReason.CLOSED_BEFORE_RESPONSE
				: RetryReason.RESET_BEFORE_RESPONSE;
	}

	@Override
	public void complete() {
		end();
	}

	/** Releases the connection once, remembering whether it was kept for reuse rather than closed. */
	private void end() {
		if (ENDED.compareAndSet(this, 0, 1)) {
			CloseReason reason = this.noReuse;
			if (reason == null && this.conn.hasUnreadBytes()) {
				reason = CloseReason.UNSOLICITED_BYTES;
			}
			this.kept = this.pool.release(this.conn, ReleaseOutcome.of(reason, this.keepAlive));
			deregister();
		}
	}

	@Override
	public void drainedToEnd() {
		// the drain's last read already ended the exchange through complete()
		end();
		this.pool.drained(this.route, this.kept);
	}

	@Override
	public void fail(CloseReason reason, IOException cause) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.pool.requestFailed(this.route, reason, cause);
			this.pool.release(this.conn, ReleaseOutcome.close(reason));
			deregister();
		}
	}

	@Override
	public void abandon(CloseReason reason) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.pool.release(this.conn, ReleaseOutcome.close(reason));
			deregister();
			this.pool.drained(this.route, false);
		}
	}

	@Override
	public long drainMaxBytes() {
		return this.drainMaxBytes;
	}

	@Override
	public long drainTimeoutMillis() {
		return this.drainTimeoutMillis;
	}

	private void deregister() {
		Cleaner.Cleanable c = this.cleanable;
		if (c != null) {
			c.clean(); // runs run(), which sees the exchange ended and does nothing
		}
	}

	/** The leak detector: the body became unreachable. Closes the connection unless the exchange already ended. */
	@Override
	public void run() {
		if (ENDED.compareAndSet(this, 0, 1)) {
			long held = this.pool.leaked(this.conn);
			String where = (this.callSite != null) ? ""
					: " Enable leak call sites (eofpool.leak-detection.call-sites) to log where the request was made.";
			LOG.log(System.Logger.Level.WARNING, "Response body of " + this.request + " was neither read to its end nor "
					+ "closed; its connection to " + this.route + " was closed after being held "
					+ java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(Math.max(held, 0)) + " ms." + where,
					this.callSite);
		}
	}
}
