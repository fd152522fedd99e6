package dev.eofpool.spring.observation;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.Route;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call made with no current observation (a raw transport call, a client without an observation registry): it opens
 * nothing, is not caught by a stale call's phases, and costs its thread local one lookup, nothing allocated. The
 * listener is driven directly, as the transport drives it, so the thread's state is exact.
 */
@Timeout(30)
class EofPoolObservationsFastPathTests {

	private static final Route ROUTE = Route.of(URI.create("http://localhost:8080/"));

	private static final HttpRequest REQUEST = HttpRequest.get(URI.create("http://localhost:8080/"));

	private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final EofPoolObservations observations = new EofPoolObservations(this.registry);

	{
		this.registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStart(Observation.Context context) {
				EofPoolObservationsFastPathTests.this.started.add(context);
			}
		});
	}

	@Test
	void aCallWithoutAnObservationIsNotCaughtByAnUnfinishedCallsPhases() {
		Observation parent = Observation.createNotStarted("http.client.requests", this.registry);
		// a call that died before its connection: no end on this thread
		parent.observe(() -> this.observations.callStart(ROUTE, REQUEST));
		assertThat(this.started).hasSize(2); // the parent and the unfinished call's eofpool.acquire
		this.started.clear();
		this.observations.callStart(ROUTE, REQUEST);
		this.observations.dnsStart(ROUTE, "localhost");
		this.observations.tlsStart(ROUTE);
		this.observations.connectionAcquired(ROUTE, false, 0, 0);
		this.observations.callEnd(ROUTE, 200, null, 1);
		assertThat(this.started).as("observations opened for a call with no current observation").isEmpty();
	}

	@Test
	void aCallWithoutAnObservationAllocatesNothing() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		int calls = 20_000;
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long before = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < calls; i++) {
				this.observations.callStart(ROUTE, REQUEST);
				this.observations.connectionAcquired(ROUTE, true, 0, 0);
				this.observations.callEnd(ROUTE, 200, null, 1);
			}
			least = Math.min(least, ThreadAllocations.ofCurrentThread() - before);
		}
		// removing the thread's entry at each start made the next lookup insert a fresh one: 32 bytes a call
		assertThat(least / calls).as("bytes allocated per call").isLessThan(8);
		assertThat(this.started).isEmpty();
	}

}
