package dev.eofpool.spring.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

import dev.eofpool.transport.PoolStats;

/**
 * Hands gauges the latest {@link PoolView}, taking a new pool snapshot (a short hold of the pool's lock) at most once
 * per {@code maxAge}, whatever the number of meters and scrapers.
 * <p>
 * With host tags, {@link HostTags#view} takes the snapshot and folds it into the tags' counters, one snapshot at a
 * time.
 * <p>
 * Race: two scrapers find the view stale at once. One wins {@link #refreshing} and takes the snapshot; the other
 * returns the stale view instead of queueing on the pool's lock, which is fine because it is at most one refresh old.
 */
final class SnapshotCache {

	private final Supplier<PoolStats> source;

	private final @Nullable HostTags hostTags;

	private final Clock clock;

	private final long maxAgeNanos;

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile @Nullable PoolView view;

	/**
	 * @param source takes a pool snapshot
	 * @param hostTags the host tag values, or {@code null} without host tags
	 * @param clock monotonic time source
	 * @param maxAgeNanos longest age of a view handed out ({@code 0}: a new snapshot on every read)
	 */
	SnapshotCache(Supplier<PoolStats> source, @Nullable HostTags hostTags, Clock clock, long maxAgeNanos) {
		this.source = source;
		this.hostTags = hostTags;
		this.clock = clock;
		this.maxAgeNanos = maxAgeNanos;
	}

	/** The host tags the views are built with, or {@code null} without host tags. */
	@Nullable HostTags hostTags() {
		return this.hostTags;
	}

	PoolView get() {
		PoolView current = this.view;
		long now = this.clock.monotonicTime();
		if (current != null && now - current.takenAt() < this.maxAgeNanos) {
			return current;
		}
		if (current == null) {
			// first read: nothing to fall back on, so every caller takes its own snapshot
			return refresh(now);
		}
		if (!this.refreshing.compareAndSet(false, true)) {
			return current;
		}
		try {
			return refresh(now);
		}
		finally {
			this.refreshing.set(false);
		}
	}

	private PoolView refresh(long now) {
		HostTags tags = this.hostTags;
		PoolView fresh = (tags != null) ? tags.view(this.source, now) : PoolView.of(this.source.get(), Map.of(), now);
		this.view = fresh;
		return fresh;
	}

}
