package dev.eofpool.sample.demo;

import java.util.List;
import java.util.Map;

import dev.eofpool.sample.upstream.ConnectionLedger.RunView;

/**
 * What one demo run did, seen from both ends: the upstream server's count of the connections the requests arrived on,
 * and the pool's own counters for the route.
 *
 * @param demo which demo
 * @param client which Spring client made the calls: {@code rest-client}, {@code rest-template} or
 * {@code http-service}
 * @param route the pool route called, {@code scheme://host:port}
 * @param calls calls made
 * @param succeeded calls that got their answer
 * @param errors the first few failures, if any
 * @param server what the upstream saw: connections (distinct client ports), requests, peak concurrency, idle closes
 * @param pool what the pool counted for the route during the run
 * @param details figures particular to the demo
 */
public record DemoReport(String demo, String client, String route, int calls, int succeeded, List<String> errors,
		RunView server, RouteCounts pool, Map<String, Object> details) {
}
