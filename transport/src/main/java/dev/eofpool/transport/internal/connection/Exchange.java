package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.EndBeforeResponseException;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.http1.BodyEnd;
import dev.eofpool.transport.internal.http1.BodyFraming;
import dev.eofpool.transport.internal.http1.BodyStream;
import dev.eofpool.transport.internal.http1.ContentDecoding;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.http1.KeepAliveRules;
import dev.eofpool.transport.internal.http1.ResponseHead;
import dev.eofpool.transport.internal.http1.TransferCodings;
import dev.eofpool.transport.internal.pool.ConnectionPool;
import dev.eofpool.transport.internal.pool.KeepAliveHint;
import dev.eofpool.transport.internal.pool.ReleaseOutcome;

/**
 * One request and its response on one leased connection, and the only code that gives the connection back. It writes
 * the request and reads the head within the phases' deadlines ({@link RequestSend}, {@link PhaseDeadlines}), asks
 * http1 whether keep-alive is allowed ({@link KeepAliveRules}, {@link BodyFraming#noReuse()}) and which body to read;
 * the body tells it when the framing ended through one {@link BodyEnd} hook; then it releases the connection exactly
 * once, reusable only when everything allowed it. Before a release that may keep the connection it gives the
 * connection's buffers back (nothing unread, nothing unsent), so the pool never shows another thread a connection
 * holding them; after a release that closes it, it gives them back too.
 * <p>
 * It is also the leak detector's action: when a response body becomes unreachable before it ended, its
 * {@link LeakWatch} runs {@link #leaked}, which closes the connection (the exchange never refers to the body, so it
 * does not keep it alive).
 */
public final class Exchange implements BodyEnd, LeakWatch.Action {

	private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

	private final ConnectionPool<Connection> pool;

	private final Connection conn;

	private final Route route;

	private final HttpRequest request;

	private final HeadLimits limits;

	/**
	 * The configuration: its drain bounds, content decoding and decoded-size cap (read from it, not copied, so an
	 * exchange carries no per-transport constant of its own), and the names of the settings messages point to.
	 */
	private final TransportConfig config;

	/**
	 * Set once by whichever path ends the exchange first: the body's end hook (complete, drainedToEnd, fail,
	 * abandon), a failure before the body ({@code fail} from the transport), or the leak detector.
	 */
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

	/** The body's leak watch, null without leak detection; cancelled by whichever path ends the exchange. */
	private LeakWatch watch;

	/** Told of this exchange's phases; {@link CallListener#NONE} (the default) skips every event and clock read. */
	private CallListener listener = CallListener.NONE;

	/** When the call began (for {@code callEnd}), on the connection's ticker; read only with a listener. */
	private long callStart;

	/** The response's status once its head arrived, -1 before. */
	private int status = -1;

	/**
	 * An exchange of {@code request} on the leased {@code conn}, with the configuration's drain bounds and content
	 * decoding ({@code compression}: send {@code Accept-Encoding} and undo {@code gzip} and {@code deflate}, up to
	 * {@code maxDecodedSize} decoded bytes, 0 for no cap, transfer codings capped alike). A coding is undone above the
	 * EOF gate: the connection is released when the wire body ends, drain bounds count wire bytes, and a decoding
	 * failure closes the wire body, whose own rules then decide: the connection is kept only when the framing ends
	 * within the drain bounds (a corrupt payload inside a well-framed body does not desynchronise the connection),
	 * else closed.
	 * @param config the transport's configuration
	 */
	public Exchange(ConnectionPool<Connection> pool, Connection conn, HttpRequest request, HeadLimits limits,
			TransportConfig config) {
		this.pool = pool;
		this.conn = conn;
		this.route = conn.route();
		this.request = request;
		this.limits = limits;
		this.config = config;
	}

	/**
	 * Tells {@code listener} of this exchange's phases and, when it ends, of the call's end ({@code callStart} on the
	 * transport's ticker). Not called at all when no listener is in force.
	 */
	public void listener(CallListener listener, long callStart) {
		this.listener = listener;
		this.callStart = callStart;
	}

	/** The name of the decoded-size cap for messages, looked up only when a cap is set (no work per request). */
	private String maxDecodedSetting() {
		return (this.config.maxDecodedSize() > 0) ? this.config.settingNames().transportWide("maxDecodedSize") : "";
	}

	/**
	 * Writes the request and reads the response head. For a response without a body the connection is released
	 * before this returns.
	 * @param readTimeoutMillis the bound of each read and write (0: none)
	 * @param headTimeoutMillis the bound of the whole response head (0: only each read is bounded)
	 * @param leakDetection whether to watch the body for a leak (see {@link LeakWatch})
	 * @param recordCallSite whether to remember the caller's stack for the leak warning
	 */
	public HttpResponse execute(int readTimeoutMillis, long headTimeoutMillis, boolean leakDetection,
			boolean recordCallSite) throws IOException {
		PhaseDeadlines.request(this.conn, readTimeoutMillis);
		this.readMark = this.conn.reader().bytesRead();
		this.writeMark = this.conn.writer().bytesWritten();
		IOException writeFailure = RequestSend.write(this.conn, this.request, this.route, this.config.compression());
		boolean told = this.listener != CallListener.NONE;
		long written = 0;
		if (told && writeFailure == null) {
			written = this.conn.ticker().nanoTime();
			this.listener.requestHeadWritten(this.route);
			if (this.request.body() != null) {
				this.listener.requestBodyWritten(this.route, this.conn.writer().bytesWritten() - this.writeMark);
			}
		}
		ResponseHead head = (writeFailure == null)
				? RequestSend.readHead(this.conn, headTimeoutMillis, this.limits, this.route, this.readMark)
				: RequestSend.readEarlyHead(this.conn, writeFailure, headTimeoutMillis, this.limits, this.route,
						this.readMark);
		this.status = head.status();
		if (told) {
			this.listener.responseHeadReceived(this.route, head.status(),
					(written != 0) ? this.conn.ticker().nanoTime() - written : 0);
		}
		if (head.status() == 101) {
			throw new HttpProtocolException("Response from " + this.route + " switches protocols (101), which eofpool "
					+ "does not support");
		}
		HttpHeaders headers = head.headers();
		serverHints(headers);
		// a coding refused here throws before any body exists: the transport then closes the connection
		TransferCodings codings = transferCodings(head);
		BodyFraming framing = BodyFraming.of(this.request.method(), head, codings);
		CloseReason framingVeto = framing.noReuse();
		this.noReuse = (framingVeto != null) ? framingVeto : KeepAliveRules.noReuse(this.request.headers(), head);
		if (writeFailure != null) {
			this.noReuse = CloseReason.EARLY_RESPONSE; // the request was not fully sent
		}
		BodyStream body = framing.open(head, this.conn.reader(), this, this.route, this.limits);
		if (leakDetection && !isEnded()) {
			this.watch = LeakWatch.watch(body, this,
					recordCallSite ? new Throwable("Call site of the leaked request " + this.request) : null);
		}
		InputStream content = body;
		if (codings != null) {
			// Transfer-Encoding overrides a Content-Length beside it (RFC 9112 6.3): the caller never sees that length
			headers = codings.decodedHeaders(headers, (framing == BodyFraming.CHUNKED_WITH_CONTENT_LENGTH)
					|| (framing == BodyFraming.UNTIL_CLOSE && headers.contains("Content-Length")));
			if (codings.coded()) {
				content = codings.decode(content, this.route, this.config.maxDecodedSize(), maxDecodedSetting());
			}
		}
		if (this.config.compression() && headers.contains("Content-Encoding")) {
			ContentDecoding.Plan plan = ContentDecoding.plan(this.request.method(), head.status(),
					this.request.headers(), headers);
			if (plan != null) {
				content = plan.wrap(content, this.route, this.config.maxDecodedSize(), maxDecodedSetting());
				headers = plan.headers();
			}
		}
		return new HttpResponse(head.status(), head.reason(), head.version(), headers, content, this.conn.reused());
	}

	/** The response's transfer codings, or {@code null} when it has none or no body. */
	private TransferCodings transferCodings(ResponseHead head) throws HttpProtocolException {
		if (!BodyFraming.hasBody(this.request.method(), head.status())) {
			return null;
		}
		java.util.List<String> te = head.headers().all("Transfer-Encoding");
		return te.isEmpty() ? null : TransferCodings.parse(te, this.route);
	}

	/** Keeps the server's {@code Keep-Alive} hints (or their absence), handed to the pool with the connection on release. */
	private void serverHints(HttpHeaders headers) {
		String keepAlive = headers.first("Keep-Alive");
		this.keepAlive = (keepAlive != null) ? KeepAliveHeader.parse(keepAlive) : KeepAliveHint.NONE;
	}

	/** Whether the exchange has ended (the connection was released or closed). */
	public boolean isEnded() {
		return this.ended != 0;
	}

	/**
	 * Why this failed exchange may be sent again on a fresh connection, or {@code null} when it may not: only on a
	 * reused connection, only before any response byte, only with a replayable body, only for an idempotent method
	 * or a request of which nothing was written, and never after a timeout, an interrupt or a request the transport
	 * refused ({@link HttpProtocolException}: the connection did not fail, so a fresh one would not help).
	 */
	public RetryReason retryReason(IOException failure) {
		if (failure instanceof SocketTimeoutException) {
			return null; // a slow server, not a stale connection: sending again would only double the wait
		}
		if (failure instanceof java.io.InterruptedIOException || Thread.currentThread().isInterrupted()) {
			return null; // the caller's thread was interrupted: it wants out, not the request sent again
		}
		if (failure instanceof HttpProtocolException) {
			return null; // the request itself is wrong (a body longer or shorter than announced): it would fail again
		}
		if (!this.conn.reused() || this.conn.reader().bytesRead() != this.readMark) {
			return null;
		}
		RequestBody body = this.request.body();
		if (body != null && !body.replayable()) {
			return null;
		}
		if (!this.request.idempotent() && this.conn.writer().bytesWritten() != this.writeMark) {
			return null;
		}
		return (failure instanceof EndBeforeResponseException) ? RetryReason.CLOSED_BEFORE_RESPONSE
				: RetryReason.RESET_BEFORE_RESPONSE;
	}

	@Override
	public void complete() {
		end(true);
	}

	/** Releases the connection once, remembering whether it was kept for reuse rather than closed. */
	private void end(boolean complete) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			CloseReason reason = this.noReuse;
			if (reason == null && this.conn.isClosed()) {
				// closed under the last read (the IoWatchdog's deadline passed as the read returned): never kept
				reason = CloseReason.IO_ERROR;
			}
			if (reason == null && this.conn.reader().hasUnreadBytes()) {
				reason = CloseReason.UNSOLICITED_BYTES;
			}
			if (reason == null) {
				// before the pool can see it idle or hand it to a waiter's thread, which borrows buffers of its own
				this.conn.releaseBuffers();
			}
			this.kept = this.pool.release(this.conn, ReleaseOutcome.of(reason, this.keepAlive));
			if (reason != null) {
				this.conn.discardBuffers(); // closed, out of the pool's books: nobody else reaches its reader
			}
			deregister();
			if (this.listener != CallListener.NONE) {
				ended(this.kept, this.kept ? null : reason, complete, null);
			}
		}
	}

	/** Tells the listener how the exchange ended: the body (once a head arrived), the release and the call. */
	private void ended(boolean kept, CloseReason reason, boolean complete, IOException failure) {
		if (this.status != -1) {
			this.listener.responseBodyEnd(this.route, complete);
		}
		this.listener.connectionReleased(this.route, kept, reason);
		this.listener.callEnd(this.route, this.status, failure, this.conn.ticker().nanoTime() - this.callStart);
	}

	@Override
	public void drainedToEnd() {
		end(false);
		this.pool.drained(this.route, this.kept);
	}

	@Override
	public void fail(CloseReason reason, IOException cause) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.pool.requestFailed(this.route, reason, cause);
			this.pool.release(this.conn, ReleaseOutcome.close(reason));
			this.conn.discardBuffers();
			deregister();
			if (this.listener != CallListener.NONE) {
				ended(false, reason, false, cause);
			}
		}
	}

	@Override
	public void abandon(CloseReason reason) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			this.pool.release(this.conn, ReleaseOutcome.close(reason));
			this.conn.discardBuffers();
			deregister();
			this.pool.drained(this.route, false);
			if (this.listener != CallListener.NONE) {
				ended(false, reason, false, null);
			}
		}
	}

	@Override
	public long drainMaxBytes() {
		return this.config.drainMaxBytes();
	}

	@Override
	public void drainStarts() {
		PhaseDeadlines.drain(this.conn, this.config.drainTimeout().toMillis());
	}

	@Override
	public boolean drainTimeUp() {
		return PhaseDeadlines.drainTimeUp(this.conn);
	}

	@Override
	public int readTimeoutMillis() {
		return this.conn.bounds().callLimitMillis();
	}

	/**
	 * The name of the setting that decided this request's read timeout: the request's own when it carries one, else
	 * the host's in force. Computed only for a failure's message, off the request path.
	 */
	@Override
	public String readTimeoutSetting() {
		return (this.request.readTimeout() != null) ? this.config.settingNames().perRequest("readTimeout")
				: this.config.settingInForce(this.route.host(), this.route.port(), "readTimeout");
	}

	private void deregister() {
		LeakWatch w = this.watch;
		if (w != null) {
			w.cancel(); // the collector will not queue it; were it queued already, leaked() finds the exchange ended
		}
	}

	/** The leak detector: the body became unreachable. Closes the connection unless the exchange already ended. */
	@Override
	public void leaked(Throwable callSite) {
		if (ENDED.compareAndSet(this, 0, 1)) {
			// its buffers are left to the garbage collector: the cleaner's thread never leased the connection
			long held = this.pool.leaked(this.conn);
			if (this.listener != CallListener.NONE) {
				ended(false, CloseReason.LEAKED, false, null);
			}
			String where = (callSite != null) ? ""
					: " Enable leak call sites (" + this.config.settingNames().transportWide("leakCallSites")
							+ ") to log where the request was made.";
			LOG.log(System.Logger.Level.WARNING, "Response body of " + this.request + " was neither read to its end nor "
					+ "closed; its connection to " + this.route + " was closed after being held "
					+ java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(Math.max(held, 0)) + " ms." + where,
					callSite);
		}
	}
}
