package dev.eofpool.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Receives pool events, for metrics and logs. Every method defaults to doing nothing. Methods are called on the thread
 * that caused the event, never while the pool's lock is held, and must not block or throw.
 */
public interface PoolListener {

	/** A new connection to the route was established. */
	default void connectionOpened(Route route) {
	}

	/** Connecting to the route failed. */
	default void connectFailed(Route route, IOException error) {
	}

	/** A connection of the route was closed, for the reason given. */
	default void connectionClosed(Route route, CloseReason reason) {
	}

	/**
	 * A connection of the route was closed after being open {@code lifetimeNanos} (from the end of its dial); called
	 * right after {@link #connectionClosed(Route, CloseReason)}, for lifetime distributions.
	 */
	default void connectionLifetime(Route route, CloseReason reason, long lifetimeNanos) {
	}

	/**
	 * A request got a connection: reused from the pool, or newly opened; {@code waitNanos} is the wait for it at the
	 * limits only (connecting, DNS and TLS excluded: {@link CallListener} has those phases).
	 */
	default void acquired(Route route, boolean reused, long waitNanos) {
	}

	/** A request failed to get a connection; {@code waitNanos} as for {@link #acquired} (connecting excluded). */
	default void acquireFailed(Route route, AcquireOutcome outcome, long waitNanos) {
	}

	/** A request was sent again on a fresh connection. */
	default void retried(Route route, RetryReason reason) {
	}

	/** A response body was dropped without being read to the end or closed; its connection was closed. */
	default void leakDetected(Route route, Duration held) {
	}

	/** A body closed before its end was drained ({@code reused}) or its connection closed. */
	default void drained(Route route, boolean reused) {
	}

	/** A request failed on a connection of the route (an I/O, protocol or timeout failure); the connection is closed. */
	default void requestFailed(Route route, CloseReason reason, IOException error) {
	}

	/**
	 * One attempt of a dial failed (refused, timed out, unreachable); the dial may still succeed on another address.
	 * {@code route} is the route being dialled (its proxy's address when it has one).
	 */
	default void dialAttemptFailed(Route route, InetAddress address, IOException error) {
	}

	/** A dial connected to {@code address} (the proxy's for a route through one), before any TLS handshake. */
	default void dialConnected(Route route, InetAddress address) {
	}

	/**
	 * A dial started attempts on more than one address (a stagger elapsed or an attempt failed); {@code abandoned}
	 * attempts were still connecting when another won (or the dial ended) and were closed.
	 */
	default void dialRaced(Route route, int attempts, int abandoned) {
	}

	/** DNS refresh retired an address of the route's host: it was absent from two answers in a row. */
	default void addressRetired(Route route, InetAddress address) {
	}
}
