package dev.eofpool.spring.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Adds the low-cardinality key {@code eofpool.connection} to Spring's client request observations
 * ({@code http.client.requests} of {@code RestClient} and {@code RestTemplate}): {@code reused} when the request went
 * out on a pooled connection, {@code new} on one opened for it, and {@code none} when it got no eofpool connection
 * (its call failed before one was acquired, or the request did not run on eofpool). Every such observation gets the
 * key, so all series of the {@code http.client.requests} timer carry the same tag keys (as Prometheus requires).
 * <p>
 * The kind is the one {@link EofPoolObservations} put in the observation's context when the call got its
 * connection; a filter runs when the observation stops, after that.
 */
public final class EofPoolConnectionObservationFilter implements ObservationFilter {

	/** The key's name. */
	public static final String KEY = "eofpool.connection";

	/** The value when the request got no eofpool connection. */
	public static final String NONE = "none";

	@Override
	public Observation.Context map(Observation.Context context) {
		if (context instanceof ClientRequestObservationContext) {
			String kind = EofPoolObservations.connection(context);
			context.addLowCardinalityKeyValue(KeyValue.of(KEY, (kind != null) ? kind : NONE));
		}
		return context;
	}

}
