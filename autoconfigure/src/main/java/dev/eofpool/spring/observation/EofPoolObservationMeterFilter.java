package dev.eofpool.spring.observation;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Denies the meters Boot's observation handler would derive from the {@link EofPoolObservations} (a timer, a
 * long-task timer {@code .active} and event counters per observation name): they would repeat the
 * {@code eofpool.acquire}, {@code eofpool.connect} and {@code eofpool.tls.handshake} timers under the same names with
 * other tags, which Prometheus refuses (it keeps the family registered first and drops the other) and other backends
 * count twice. The eofpool timers measure the same phases; the observations stay for tracing.
 * <p>
 * A derived meter is told apart by its {@code server.address} tag, which the observations carry and the eofpool
 * meters of these names never do.
 */
public final class EofPoolObservationMeterFilter implements MeterFilter {

	private static final String[] NAMES = { EofPoolObservations.ACQUIRE, EofPoolObservations.CONNECT,
			EofPoolObservations.TLS_HANDSHAKE };

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		return (id.getTag("server.address") != null && isObservationName(id.getName())) ? MeterFilterReply.DENY
				: MeterFilterReply.NEUTRAL;
	}

	private static boolean isObservationName(String name) {
		for (String n : NAMES) {
			if (name.equals(n) || (name.startsWith(n) && name.charAt(n.length()) == '.')) {
				return true;
			}
		}
		return false;
	}

}
