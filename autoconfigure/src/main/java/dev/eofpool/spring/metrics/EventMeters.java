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

	private final Counter dialAttemptsFailed;

	private final Counter dialRaces;

	private final Counter dialAbandoned;

	private final Counter addressesRetired;

	/** By outcome: success, failure. */
	private final Timer[] dns = new Timer[2];

	/** By outcome: success, failure, abandoned. */
	private final Timer[] connect = new Timer[3];

	/** By outcome: success, failure. */
	private final Timer[] tls = new Timer[2];

	private final Timer connectionDuration;

	static final int SUCCESS = 0;

	static final int FAILURE = 1;

	static final int ABANDONED = 2;

	private static final String[] OUTCOMES = { "success", "failure", "abandoned" };

	/** Registers (or finds, when already registered) the meters of one tag value. */
	EventMeters(MeterRegistry registry, Tags tags) {
		this.dialAttemptsFailed = Counter.builder(EofPoolMetrics.DIAL_ATTEMPTS_FAILED)
			.description("Connect attempts to one address that failed (refused, unreachable, no answer in time); the "
					+ "dial may still have succeeded on another address")
			.tags(tags)
			.register(registry);
		this.dialRaces = Counter.builder(EofPoolMetrics.DIAL_RACES)
			.description("Dials that raced more than one address (an attempt was slower than the stagger or failed)")
			.tags(tags)
			.register(registry);
		this.dialAbandoned = Counter.builder(EofPoolMetrics.DIAL_ABANDONED)
			.description("Connect attempts closed unfinished because another address connected first (or time ran out)")
			.tags(tags)
			.register(registry);
		this.addressesRetired = Counter.builder(EofPoolMetrics.ADDRESSES_RETIRED)
			.description("Addresses retired by DNS refresh (absent from two answers in a row); their connections close")
			.tags(tags)
			.register(registry);
		for (int i = 0; i < this.connect.length; i++) {
			if (i < this.dns.length) {
				this.dns[i] = Timer.builder(EofPoolMetrics.DNS)
					.description("Host name lookups before a connect (the host's, or its proxy's), by outcome")
					.tags(tags)
					.tag("outcome", OUTCOMES[i])
					.register(registry);
				this.tls[i] = Timer.builder(EofPoolMetrics.TLS_HANDSHAKE)
					.description("TLS handshakes of new https connections, by outcome")
					.tags(tags)
					.tag("outcome", OUTCOMES[i])
					.register(registry);
			}
			this.connect[i] = Timer.builder(EofPoolMetrics.CONNECT)
				.description("TCP connect attempts to one address, by outcome (abandoned: another address connected "
						+ "first or the dial ended)")
				.tags(tags)
				.tag("outcome", OUTCOMES[i])
				.register(registry);
		}
		this.connectionDuration = Timer.builder(EofPoolMetrics.CONNECTION_DURATION)
			.description("How long connections were open, from the end of their dial to their close")
			.tags(tags)
			.register(registry);
		for (AcquireOutcome outcome : AcquireOutcome.values()) {
			this.acquire[outcome.ordinal()] = Timer.builder(EofPoolMetrics.ACQUIRE)
				.description("Time spent waiting for a connection at the pool's limits (connecting excluded: see "
						+ "eofpool.connect, eofpool.dns, eofpool.tls.handshake), by outcome")
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

	Timer dns(int outcome) {
		return this.dns[outcome];
	}

	Timer connect(int outcome) {
		return this.connect[outcome];
	}

	Timer tls(int outcome) {
		return this.tls[outcome];
	}

	Timer connectionDuration() {
		return this.connectionDuration;
	}

	Counter retries(RetryReason reason) {
		return this.retries[reason.ordinal()];
	}

	Counter dialAttemptsFailed() {
		return this.dialAttemptsFailed;
	}

	Counter dialRaces() {
		return this.dialRaces;
	}

	Counter dialAbandoned() {
		return this.dialAbandoned;
	}

	Counter addressesRetired() {
		return this.addressesRetired;
	}

	/** An enum constant as a tag value: lower case, words joined by {@code -} ({@code IDLE_TIMEOUT}: idle-timeout). */
	static String tagValue(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
