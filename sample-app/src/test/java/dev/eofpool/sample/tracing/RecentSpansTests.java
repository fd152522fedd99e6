package dev.eofpool.sample.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RecentSpans} behind a real OpenTelemetry SDK tracer: bounded, oldest spans dropped first.
 */
class RecentSpansTests {

	@Test
	void keepsTheLastSpansUpToItsCapacity() {
		RecentSpans recent = new RecentSpans(2);
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(recent))
			.build()) {
			Tracer tracer = provider.get("test");
			Span first = tracer.spanBuilder("first").startSpan();
			first.end();
			Span second = tracer.spanBuilder("second").startSpan();
			second.end();
			Span third = tracer.spanBuilder("third").startSpan();
			third.end();

			assertThat(recent.size()).isEqualTo(2);
			assertThat(recent.trace(first.getSpanContext().getTraceId())).isEmpty();
			assertThat(recent.trace(third.getSpanContext().getTraceId())).extracting(SpanData::getName)
				.containsExactly("third");
			assertThat(recent.latestTrace((span) -> true)).contains(third.getSpanContext().getTraceId());
			assertThat(recent.latestTrace((span) -> span.getName().equals("second")))
				.contains(second.getSpanContext().getTraceId());
		}
	}

	@Test
	void rejectsACapacityBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RecentSpans(0)).withMessageContaining("capacity");
	}

}
