package dev.eofpool.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Receives the phases of each call, in order, on the thread that runs the phase: the call's start, DNS, each connect
 * attempt, the TLS handshake, the connection acquired, the request written, the response head and the body's end,
 * the connection released and the call's end. Every method defaults to doing nothing; none may block or throw.
 * Durations are nanoseconds on the transport's {@link Ticker}.
 * <p>
 * Unlike {@link PoolListener} (pool-wide counts), a call listener sees one call at a time: register one per transport
 * ({@link HttpTransport#addCallListener}) or give one to a request ({@link HttpRequest.Builder#listener}). DNS,
 * connect and handshake events come only for calls that open a connection; a call that fails before its route is
 * known ends without a start.
 */
public interface CallListener {

	/** The listener that does nothing; the transport skips every event when it is the one in force. */
	CallListener NONE = new CallListener() {
	};

	/** The call started: its route is known, nothing was done yet. */
	default void callStart(Route route, HttpRequest request) {
	}

	/**
	 * The call ended: its response body ended or was closed ({@code failure} {@code null}, {@code status} the
	 * response's), or it failed ({@code status} -1 when no response head arrived).
	 */
	default void callEnd(Route route, int status, IOException failure, long durationNanos) {
	}

	/** A lookup of {@code host} (the route's, or its proxy's) starts. */
	default void dnsStart(Route route, String host) {
	}

	/** The lookup of {@code host} ended with {@code addresses}, or with {@code failure} (then {@code addresses} is empty). */
	default void dnsEnd(Route route, String host, List<InetAddress> addresses, IOException failure, long nanos) {
	}

	/** A connect attempt to one address starts. */
	default void connectStart(Route route, InetSocketAddress address) {
	}

	/** The attempt to {@code address} connected (before any TLS handshake). */
	default void connectEnd(Route route, InetSocketAddress address, long nanos) {
	}

	/**
	 * The attempt to {@code address} failed (refused, unreachable, no answer within the connect timeout), or was
	 * abandoned because another attempt won or the dial ended ({@code failure} is then a
	 * {@link ConnectAbandonedException}).
	 */
	default void connectFailed(Route route, InetSocketAddress address, IOException failure, long nanos) {
	}

	/** The TLS handshake with the route's origin starts. */
	default void tlsStart(Route route) {
	}

	/** The TLS handshake ended, successfully when {@code failure} is {@code null}. */
	default void tlsEnd(Route route, IOException failure, long nanos) {
	}

	/**
	 * The call got a connection: {@code reused} from the pool (idle for {@code idleNanos}, 0 when handed over by
	 * another call) or newly opened; {@code waitNanos} is the wait for it at the limits, connecting excluded.
	 */
	default void connectionAcquired(Route route, boolean reused, long idleNanos, long waitNanos) {
	}

	/** The request line and headers were written (a small request's head and body leave in one flush). */
	default void requestHeadWritten(Route route) {
	}

	/** The request body was written; {@code bytes} counts the whole request on the wire. */
	default void requestBodyWritten(Route route, long bytes) {
	}

	/** The response head arrived, {@code timeToFirstByteNanos} after the request was written. */
	default void responseHeadReceived(Route route, int status, long timeToFirstByteNanos) {
	}

	/** The response body ended: read to its end ({@code complete}) or closed, drained or abandoned early. */
	default void responseBodyEnd(Route route, boolean complete) {
	}

	/**
	 * The connection went back to the pool ({@code kept}, {@code reason} {@code null}) or was closed for
	 * {@code reason}; a connection the exchange would have kept but the pool closed on its own (a lifetime or idle
	 * limit, the transport closing) is reported not kept with a {@code null} reason ({@code PoolListener} has the pool's).
	 */
	default void connectionReleased(Route route, boolean kept, CloseReason reason) {
	}
}
