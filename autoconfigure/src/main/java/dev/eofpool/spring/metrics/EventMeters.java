package dev.eofpool.spring.metrics;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.eofpool.transport.AcquireOutcome;
import dev.eofpool.transport.RetryReason;

/**
 * The meters fed by pool events for one tag value, held in arrays indexed by the enums' ordinals so that an event
 * costs an array read and a record, with no lookup or allocation.
 */
final class EventMeters {

	private final Timer[] acquire = new Timer[AcquireOutcome.values().length];

	private final Counter[] retries = new Counter[RetryReason.values().length];

	/** Registers (or finds, when already registered) the meters of one tag value. */
	EventMeters(MeterRegistry registry, Tags tags) {
		for (AcquireOutcome outcome : AcquireOutcome.values()) {
			this.acquire[outcome.ordinal()] = Timer.builder(EofPoolMetrics.ACQUIRE)
				.description("Time taken to get a connection from the pool (waiting, connecting), by outcome")
				.tags(tags)
				.tag("outcome", tagValue(outcome))
				.register(registry);
		}
		for (RetryReason reason : RetryReason.values()) {
			this.retries[reason.ordinal()] = Counter.builder(EofPoolMetrics.RETRIES)
				.description("Requests sent a second time on a fresh connection after a reused one failed, by reason")
				.tags(tags)
				.tag("reason", tagValue(reason))
				.register(registry);
		}
	}

	Timer acquire(AcquireOutcome outcome) {
		return this.acquire[outcome.ordinal()];
	}

	Counter retries(RetryReason reason) {
		return this.retries[reason.ordinal()];
	}

	/** An enum constant as a tag value: lower case, words joined by {@code -} ({@code IDLE_TIMEOUT}: idle-timeout). */
	static String tagValue(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
