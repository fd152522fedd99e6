package dev.eofpool.transport;

import java.util.Map;

/**
 * A snapshot of the whole pool: connections and pool counters taken at once under the pool's lock; leaks, drains
 * and the last error are counted off that lock, so they may be a request ahead or behind.
 *
 * @param total every route added up
 * @param routes each route's own figures
 * @param closed whether the transport was closed
 */
public record PoolStats(RouteStats total, Map<Route, RouteStats> routes, boolean closed) {
}
