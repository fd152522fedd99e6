package dev.eofpool.sample.tracing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One trace as the pool page shows it: its spans in tree order (each after its parent, siblings by start time), with
 * their start relative to the trace's first span, their duration and their tags.
 *
 * @param traceId the trace id (32 hex digits), {@code null} when no trace was found
 * @param spans the spans kept of the trace, in tree order, at most the first {@code maxSpans}
 * @param omitted spans of the trace left out past {@code maxSpans}
 */
public record TraceView(String traceId, List<SpanView> spans, int omitted) {

	/**
	 * One span of a trace.
	 *
	 * @param spanId the span's id
	 * @param parentSpanId the parent's id, or {@code null} for a root span (a span whose parent is not kept, such as
	 * a server span still open, is listed at depth 0 with its parent's id)
	 * @param name the span's name ({@code http get} for Spring's {@code http.client.requests})
	 * @param observation the Micrometer observation the span was made from: {@code http.client.requests} and
	 * {@code http.server.requests} are recognised by their kind, other spans are named after their observation
	 * @param kind OpenTelemetry's span kind: {@code CLIENT}, {@code SERVER} or {@code INTERNAL}
	 * @param depth 0 for a root, its parent's plus 1 otherwise
	 * @param startMillis start, in milliseconds after the start of the trace's first span
	 * @param durationMillis duration in milliseconds
	 * @param error whether the span ended with an error
	 * @param tags the span's attributes (the observation's low- and high-cardinality key values)
	 */
	public record SpanView(String spanId, String parentSpanId, String name, String observation, String kind,
			int depth, double startMillis, double durationMillis, boolean error, Map<String, String> tags) {
	}

	/** The view of {@code spans}, all of trace {@code traceId}, listing the first {@code maxSpans} in tree order. */
	public static TraceView of(String traceId, List<SpanData> spans, int maxSpans) {
		Set<String> ids = new HashSet<>();
		long first = Long.MAX_VALUE;
		for (SpanData span : spans) {
			ids.add(span.getSpanId());
			first = Math.min(first, span.getStartEpochNanos());
		}
		Map<String, List<SpanData>> children = new HashMap<>();
		List<SpanData> roots = new ArrayList<>();
		for (SpanData span : spans) {
			String parent = parentId(span);
			if (parent != null && ids.contains(parent)) {
				children.computeIfAbsent(parent, (id) -> new ArrayList<>()).add(span);
			}
			else {
				roots.add(span);
			}
		}
		List<SpanView> views = new ArrayList<>(spans.size());
		for (SpanData root : sortedByStart(roots)) {
			addTree(root, 0, first, children, views);
		}
		int shown = Math.min(maxSpans, views.size());
		return new TraceView(traceId, List.copyOf(views.subList(0, shown)), views.size() - shown);
	}

	private static void addTree(SpanData span, int depth, long first, Map<String, List<SpanData>> children,
			List<SpanView> views) {
		views.add(view(span, depth, first));
		for (SpanData child : sortedByStart(children.getOrDefault(span.getSpanId(), List.of()))) {
			addTree(child, depth + 1, first, children, views);
		}
	}

	private static List<SpanData> sortedByStart(List<SpanData> spans) {
		List<SpanData> sorted = new ArrayList<>(spans);
		sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
		return sorted;
	}

	private static SpanView view(SpanData span, int depth, long first) {
		Map<String, String> tags = new TreeMap<>();
		span.getAttributes().forEach((key, value) -> tags.put(key.getKey(), String.valueOf(value)));
		return new SpanView(span.getSpanId(), parentId(span), span.getName(), observation(span), span.getKind().name(),
				depth, millis(span.getStartEpochNanos() - first),
				millis(span.getEndEpochNanos() - span.getStartEpochNanos()),
				span.getStatus().getStatusCode() == StatusCode.ERROR,
				tags);
	}

	/** The observation behind a span: Spring's HTTP observations are named by their contextual name ("http get"). */
	static String observation(SpanData span) {
		if (span.getKind() == SpanKind.CLIENT && span.getAttributes().asMap().keySet().stream()
			.anyMatch((key) -> key.getKey().equals("client.name") || key.getKey().equals("http.url"))) {
			return "http.client.requests";
		}
		if (span.getKind() == SpanKind.SERVER) {
			return "http.server.requests";
		}
		return span.getName();
	}

	private static String parentId(SpanData span) {
		return span.getParentSpanContext().isValid() ? span.getParentSpanId() : null;
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 1_000.0) / 1_000.0;
	}

}
