package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The counters value: every counter and every close reason added by {@link RouteCounters#plus}, nothing else. */
class RouteCountersTest {

	private static RouteCounters counters(long base, Map<CloseReason, Long> closes) {
		return new RouteCounters(base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7, base + 8, closes);
	}

	@Test
	void plusAddsEveryCounterAndEveryReason() {
		RouteCounters a = counters(0, Map.of(CloseReason.IDLE_TIMEOUT, 2L, CloseReason.LEAKED, 1L));
		RouteCounters b = counters(10, Map.of(CloseReason.IDLE_TIMEOUT, 3L, CloseReason.TRANSPORT_CLOSED, 4L));
		RouteCounters sum = a.plus(b);
		assertThat(sum.opened()).isEqualTo(12);
		assertThat(sum.requests()).isEqualTo(14);
		assertThat(sum.reusedRequests()).isEqualTo(16);
		assertThat(sum.retries()).isEqualTo(18);
		assertThat(sum.leaks()).isEqualTo(20);
		assertThat(sum.connectFailures()).isEqualTo(22);
		assertThat(sum.drainsReused()).isEqualTo(24);
		assertThat(sum.drainsClosed()).isEqualTo(26);
		assertThat(sum.closed(CloseReason.IDLE_TIMEOUT)).isEqualTo(5);
		assertThat(sum.closed(CloseReason.LEAKED)).isEqualTo(1);
		assertThat(sum.closed(CloseReason.TRANSPORT_CLOSED)).isEqualTo(4);
		assertThat(sum.closed(CloseReason.MAX_LIFETIME)).isZero();
		assertThat(sum.closed()).isEqualTo(10);
		// the operands are unchanged
		assertThat(a.closed()).isEqualTo(3);
		assertThat(b.opened()).isEqualTo(11);
	}

	@Test
	void zeroIsTheIdentityAndSumsAreOrderFree() {
		RouteCounters a = counters(0, Map.of(CloseReason.IO_ERROR, 7L));
		RouteCounters b = counters(100, Map.of(CloseReason.TIMEOUT, 1L));
		assertThat(RouteCounters.ZERO.plus(a)).isEqualTo(a);
		assertThat(a.plus(RouteCounters.ZERO)).isEqualTo(a);
		assertThat(a.plus(b)).isEqualTo(b.plus(a));
		assertThat(RouteCounters.ZERO.closed()).isZero();
	}

	@Test
	void everyReasonIsPresentAndTheMapIsACopyThatCannotChange() {
		Map<CloseReason, Long> closes = new EnumMap<>(CloseReason.class);
		closes.put(CloseReason.KEEP_ALIVE_MAX, 2L);
		RouteCounters c = counters(0, closes);
		closes.put(CloseReason.KEEP_ALIVE_MAX, 99L);
		assertThat(c.closedByReason()).hasSize(CloseReason.values().length).containsEntry(CloseReason.KEEP_ALIVE_MAX, 2L);
		assertThatThrownBy(() -> c.closedByReason().put(CloseReason.ABORTED, 1L))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void routeStatsReadTheirCountersThroughTheOldAccessors() {
		RouteCounters c = counters(0, Map.of(CloseReason.ABORTED, 3L));
		RouteStats s = new RouteStats(1, 2, 0, 0, 10, 5, c, null, null, null, null, null);
		assertThat(s.opened()).isEqualTo(1);
		assertThat(s.closed()).isEqualTo(3);
		assertThat(s.requests()).isEqualTo(2);
		assertThat(s.reusedRequests()).isEqualTo(3);
		assertThat(s.retries()).isEqualTo(4);
		assertThat(s.leaks()).isEqualTo(5);
		assertThat(s.connectFailures()).isEqualTo(6);
		assertThat(s.drainsReused()).isEqualTo(7);
		assertThat(s.drainsClosed()).isEqualTo(8);
		assertThat(s.closedByReason()).containsEntry(CloseReason.ABORTED, 3L);
		assertThat(s.open()).isEqualTo(3);
	}
}
