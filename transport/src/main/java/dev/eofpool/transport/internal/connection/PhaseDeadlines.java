package dev.eofpool.transport.internal.connection;

import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.eofpool.transport.ResponseHeadTimeoutException;

/**
 * The one place that decides how long each phase of a connection's use may block. A connection only carries out the
 * bounds ({@link CallBounds#limitEachCall}, {@link CallBounds#readsEndBy}); the phases set them here:
 * <ul>
 * <li><b>request</b>: each write waits at most the read timeout (a server that stops reading);</li>
 * <li><b>head</b>: each read waits at most the read timeout, and all of them end by the response-head timeout;</li>
 * <li><b>body</b>: each read waits at most the read timeout, however long the whole body takes;</li>
 * <li><b>drain</b>: all reads end by the drain timeout, whatever the read timeout;</li>
 * <li><b>tunnel</b>: the proxy's {@code CONNECT} exchange, each write within the connect timeout and all the reads
 * of the answer by the connect timeout from the start.</li>
 * </ul>
 * Deadlines are computed on the connection's ticker (the transport's).
 */
final class PhaseDeadlines {

	private PhaseDeadlines() {
	}

	/** Writing the request: each write waits at most {@code readMillis} (0: unbounded), reads have no deadline. */
	static void request(Connection conn, int readMillis) {
		conn.bounds().limitEachCall(readMillis);
		conn.bounds().noReadDeadline();
	}

	/**
	 * Reading the response head: each read waits at most the read timeout set for the request, and, when
	 * {@code headMillis > 0}, all of them (interim responses included) end by {@code headMillis} from now.
	 */
	static void head(Connection conn, long headMillis) {
		if (headMillis > 0) {
			conn.bounds().readsEndBy(conn.ticker().nanoTime() + headMillis * 1_000_000L);
		}
	}

	/**
	 * What a read timeout during the head reports: a {@link ResponseHeadTimeoutException} when the head deadline ran
	 * out, else the read timeout itself. One read that took the whole read timeout without a byte (a silent server,
	 * with a read timeout not above the head timeout) is reported as the read timeout.
	 * @param received the bytes of the head received before the timeout
	 */
	static SocketTimeoutException headTimedOut(Connection conn, SocketTimeoutException ex, long headMillis,
			long received) {
		if (headMillis <= 0 || !conn.bounds().readDeadlinePassed()) {
			return ex;
		}
		int readMillis = conn.bounds().callLimitMillis();
		if (received == 0 && readMillis > 0 && readMillis <= headMillis) {
			return ex;
		}
		ResponseHeadTimeoutException timeout = new ResponseHeadTimeoutException("Response head from " + conn.route()
				+ " not complete within the response-head timeout of " + headMillis + " ms (" + received
				+ " bytes received)");
		timeout.initCause(ex);
		return timeout;
	}

	/** Reading the body: the head's deadline is lifted, each read still waits at most the read timeout. */
	static void body(Connection conn) {
		conn.bounds().noReadDeadline();
	}

	/** Draining a body closed early: every read ends by {@code drainMillis} from now, with no other bound. */
	static void drain(Connection conn, long drainMillis) {
		conn.bounds().limitEachCall(0);
		conn.bounds().readsEndBy(conn.ticker().nanoTime() + Math.min(drainMillis, Long.MAX_VALUE / 4_000_000L) * 1_000_000L);
	}

	/** Whether the drain's deadline has passed. */
	static boolean drainTimeUp(Connection conn) {
		return conn.bounds().readDeadlinePassed();
	}

	/**
	 * The {@code CONNECT} exchange with a proxy: each write waits at most the connect timeout, and all the reads of
	 * the answer end by the connect timeout from now, so a proxy that sends its answer a byte at a time cannot hold
	 * the caller longer than one that never answers.
	 */
	static void tunnel(Connection conn, Duration connectTimeout) {
		int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
		conn.bounds().limitEachCall(millis);
		conn.bounds().readsEndBy(conn.ticker().nanoTime() + millis * 1_000_000L);
	}
}
