package dev.eofpool.spring.metrics;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RouteStats;

/**
 * One pool snapshot as the meters see it: the whole pool, and (with host tags) each tag value. Every meter of one
 * scrape reads the same view, so the figures add up within it (opened - closed = idle + active).
 *
 * @param total the whole pool
 * @param byTag figures per {@code host} tag value (their counters include the routes the pool forgot), empty without
 * host tags
 * @param takenAt monotonic time of the snapshot, by the meter registry's clock
 */
record PoolView(PoolFigures total, Map<String, PoolFigures> byTag, long takenAt) {

	/** The view of a snapshot, with the figures per tag value that {@link HostTags#view} built (or none). */
	static PoolView of(PoolStats stats, Map<String, PoolFigures> byTag, long takenAt) {
		PoolFigures total = new PoolFigures();
		total.add(stats.total());
		for (RouteStats route : stats.routes().values()) {
			total.addAddresses(route);
		}
		return new PoolView(total, byTag, takenAt);
	}

	/** The figures of one tag value ({@code null} for the whole pool), zero when it has none yet. */
	PoolFigures figures(@Nullable String tag) {
		if (tag == null) {
			return this.total;
		}
		PoolFigures figures = this.byTag.get(tag);
		return (figures != null) ? figures : PoolFigures.NONE;
	}

}
