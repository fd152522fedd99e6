package dev.eofpool.sample.tracing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * An OpenTelemetry {@link SpanExporter} that keeps the last {@code capacity} finished spans in memory, so the sample
 * can show a trace without a tracing backend and without exporting anything over the network. Older spans are
 * dropped first; a trace whose spans were partly dropped shows only the rest.
 * <p>
 * Boot's {@code OpenTelemetryTracingAutoConfiguration} hands every {@code SpanExporter} bean to its
 * {@code BatchSpanProcessor}, which calls {@link #export} from its own thread every
 * {@code management.opentelemetry.tracing.export.schedule-delay}; readers flush the tracer provider first when they
 * need the spans ended so far.
 */
public final class RecentSpans implements SpanExporter {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	// guarded by lock; oldest first
	private final ArrayDeque<SpanData> spans;

	/** An exporter keeping at most {@code capacity} spans. */
	public RecentSpans(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
		}
		this.capacity = capacity;
		this.spans = new ArrayDeque<>(Math.min(capacity, 1024));
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> batch) {
		this.lock.lock();
		try {
			for (SpanData span : batch) {
				if (this.spans.size() == this.capacity) {
					this.spans.removeFirst();
				}
				this.spans.addLast(span);
			}
		}
		finally {
			this.lock.unlock();
		}
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

	/** The spans of one trace kept now, in the order they ended. */
	public List<SpanData> trace(String traceId) {
		List<SpanData> trace = new ArrayList<>();
		this.lock.lock();
		try {
			for (SpanData span : this.spans) {
				if (span.getTraceId().equals(traceId)) {
					trace.add(span);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		return trace;
	}

	/** The trace id of the span that ended last among those matching {@code filter}, if one is kept. */
	public Optional<String> latestTrace(Predicate<SpanData> filter) {
		this.lock.lock();
		try {
			Iterator<SpanData> newestFirst = this.spans.descendingIterator();
			while (newestFirst.hasNext()) {
				SpanData span = newestFirst.next();
				if (filter.test(span)) {
					return Optional.of(span.getTraceId());
				}
			}
			return Optional.empty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many spans are kept now. */
	public int size() {
		this.lock.lock();
		try {
			return this.spans.size();
		}
		finally {
			this.lock.unlock();
		}
	}

}
