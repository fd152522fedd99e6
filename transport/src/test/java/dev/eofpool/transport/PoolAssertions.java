package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

/** The accounting invariant every test can check at quiescence. */
public final class PoolAssertions {

	private PoolAssertions() {
	}

	/** opened - closed = idle + leased, per route and in total; closes by reason add up. */
	public static void assertBalanced(PoolStats stats) {
		check(stats.total(), "total");
		stats.routes().forEach((route, s) -> check(s, route.toString()));
	}

	/** {@link #assertBalanced} with nothing leased and nobody waiting: the state every test ends in. */
	public static void assertQuiescent(PoolStats stats) {
		assertBalanced(stats);
		assertThat(stats.total().leased()).as("connections still leased").isZero();
		assertThat(stats.total().waiting()).as("requests still waiting").isZero();
	}

	private static void check(RouteStats s, String what) {
		assertThat(s.opened() - s.closed()).as("opened - closed for " + what)
			.isEqualTo(s.idle() + s.leased());
		assertThat(s.closedByReason().values().stream().mapToLong(Long::longValue).sum()).as("closes by reason for " + what)
			.isEqualTo(s.closed());
	}
}
