package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.net.SocketTimeoutException;

import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.http1.RequestWriter;
import dev.eofpool.transport.internal.http1.ResponseHead;
import dev.eofpool.transport.internal.http1.ResponseHeadParser;

/**
 * The first half of an {@link Exchange}: writes the request and reads the response head within the phases' deadlines
 * ({@link PhaseDeadlines}), preferring the answer a server sent before it read the whole request (RFC 9112 9.5) to the
 * write's failure. Stateless: the exchange passes what each step needs.
 */
final class RequestSend {

	private RequestSend() {
	}

	/**
	 * Writes the request. A request with a body is watched for the server's early answer (RFC 9112 9.5): a server
	 * that answers and stops reading makes a write stall, which the connection stops once a final response waits
	 * ({@link Connection#watchForAnswer()}; an interim 1xx response is no answer, the upload goes on). Then, and when a write on the wire fails (a reset or broken pipe: the
	 * server may have answered and closed), the failure is returned for {@link #readEarlyHead} to prefer the response.
	 * @return {@code null} when the whole request was sent, else the write's failure
	 * @throws IOException any other failure (a timeout, an interrupt, the caller's body failing)
	 */
	static IOException write(Connection conn, HttpRequest request, Route route, boolean compression)
			throws IOException {
		if (request.body() == null) {
			RequestWriter.write(conn.writer(), request, route, compression);
			return null;
		}
		conn.watchForAnswer();
		try {
			RequestWriter.write(conn.writer(), request, route, compression);
			return null;
		}
		catch (IOException ex) {
			if (conn.answeredEarly() || (conn.writeFailed() && !conn.isClosed()
					&& !(ex instanceof java.io.InterruptedIOException) && !(ex instanceof HttpProtocolException))) {
				return ex;
			}
			throw ex;
		}
		finally {
			conn.endAnswerWatch();
		}
	}

	/**
	 * Reads the response that made the request's write fail, as Go does: when the connection stopped a stalled write
	 * because response bytes were waiting, within the head's usual bounds; after a reset or broken pipe, only what
	 * arrives within {@link #EARLY_ANSWER_WINDOW_MILLIS}. When no response head can be read, the write's failure is
	 * what the caller gets (with the read's as suppressed), so a stale connection is retried as before.
	 */
	static ResponseHead readEarlyHead(Connection conn, IOException writeFailure, long headTimeoutMillis,
			HeadLimits limits, Route route, long readMark) throws IOException {
		boolean answered = conn.answeredEarly();
		long window = answered ? headTimeoutMillis : EARLY_ANSWER_WINDOW_MILLIS;
		if (!answered && headTimeoutMillis > 0) {
			window = Math.min(window, headTimeoutMillis);
		}
		try {
			return readHead(conn, window, limits, route, readMark);
		}
		catch (IOException ex) {
			if (answered) {
				throw ex;
			}
			writeFailure.addSuppressed(ex);
			throw writeFailure;
		}
	}

	/** How long a write that failed on the wire waits for the response the server may have sent before closing. */
	static final long EARLY_ANSWER_WINDOW_MILLIS = 100;

	/**
	 * Reads the response head within the head phase's deadline; the body phase starts when it returns or fails.
	 * @param readMark the connection's bytes read when the exchange began (a timeout says how many of the head came)
	 */
	static ResponseHead readHead(Connection conn, long headTimeoutMillis, HeadLimits limits, Route route,
			long readMark) throws IOException {
		PhaseDeadlines.head(conn, headTimeoutMillis);
		try {
			return ResponseHeadParser.read(conn.reader(), limits, route);
		}
		catch (SocketTimeoutException ex) {
			throw PhaseDeadlines.headTimedOut(conn, ex, headTimeoutMillis,
					conn.reader().bytesRead() - readMark);
		}
		finally {
			PhaseDeadlines.body(conn);
		}
	}
}
