package dev.eofpool.benchmarks.report;

/**
 * One contender in one cell, over every round: medians of the measured values, and the median over rounds of its
 * ratios to the best peer and to wrk (each ratio taken within a round, so slow drifts of a noisy machine cancel).
 * {@code NaN} where a value does not apply or could not be measured.
 *
 * @param name contender name
 * @param viaRestClient whether it went through Spring's {@code RestClient}
 * @param eofpool whether it is eofpool
 * @param baseline whether it is a reference (the JVM socket floor, wrk), never a peer
 * @param rounds rounds in which it served the cell
 * @param rps requests per second
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param cpuMicros client CPU per request
 * @param allocBytes bytes allocated per request
 * @param opened most sockets opened in any round (warm-up and window)
 * @param openedInWindow most sockets opened during any round's window
 * @param errors failed requests in all windows
 * @param jitMillis most JIT compilation time in any round's window (a warm JVM shows almost none)
 * @param vsBestPeer req/s over the best peer's (same layer, eofpool excluded; wrk's over the best raw peer's)
 * @param vsWrk req/s over wrk's
 * @param cpuVsBestPeer CPU per request over the lowest of the peers'
 * @param allocVsBestPeer allocation per request over the lowest of the peers'
 * @param p99VsBestPeer p99 over the lowest of the peers'
 * @param failure why it has no figures (empty when it has)
 * @param socketsPerRequest sockets opened in the window per request completed in it (median over rounds): about 0 on
 *     a pooled cell, about 1 on a cold one
 * @param vsFloor req/s over the JVM socket floor's in the same round ({@code NaN} without the floor)
 * @param cpuVsFloor CPU per request over the JVM socket floor's in the same round ({@code NaN} without the floor)
 */
public record ContenderSummary(String name, boolean viaRestClient, boolean eofpool, boolean baseline, int rounds, double rps,
		double p50Micros, double p99Micros, double cpuMicros, double allocBytes, long opened, long openedInWindow,
		long errors, long jitMillis, double vsBestPeer, double vsWrk, double cpuVsBestPeer, double allocVsBestPeer,
		double p99VsBestPeer, String failure, double socketsPerRequest, double vsFloor, double cpuVsFloor) {

	public boolean ran() {
		return this.rounds > 0;
	}
}
