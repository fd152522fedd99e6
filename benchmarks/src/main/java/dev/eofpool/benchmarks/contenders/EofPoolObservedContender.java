package dev.eofpool.benchmarks.contenders;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.web.client.RestClient;

import dev.eofpool.spring.EofPoolClientHttpRequestFactory;
import dev.eofpool.spring.metrics.EofPoolMetrics;
import dev.eofpool.spring.observation.EofPoolObservations;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * eofpool through {@code RestClient} as a service with Actuator runs it: the pool's meters ({@link EofPoolMetrics},
 * the starter's defaults) and its child observations ({@link EofPoolObservations}) both listen to every call, and the
 * {@code RestClient} opens Spring's {@code http.client.requests} observation, recorded as a timer by Micrometer's
 * {@link DefaultMeterObservationHandler} into a {@link SimpleMeterRegistry}. Set beside {@code eofpool} it shows what
 * observability costs a Spring call. Not in the default set: named with {@code --contenders eofpoolobserved}; its
 * {@code eofpoolmetered} form has the meters only (no observation registry), to tell the two costs apart.
 */
final class EofPoolObservedContender implements Contender {

	private final boolean observations;

	/** @param observations whether observations are on too ({@code false}: the pool's meters only) */
	EofPoolObservedContender(boolean observations) {
		this.observations = observations;
	}

	@Override
	public String name() {
		return this.observations ? "eofpool observed" : "eofpool metered";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	@Override
	public boolean eofpool() {
		return true;
	}

	@Override
	public String unavailableReason() {
		try {
			Class.forName(EofPoolContender.FACTORY_CLASS);
			Class.forName("dev.eofpool.spring.metrics.EofPoolMetrics");
			Class.forName("dev.eofpool.spring.observation.EofPoolObservations");
			Class.forName("io.micrometer.core.instrument.simple.SimpleMeterRegistry");
			return null;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return "eofpool's Spring module or Micrometer is not on the class path (" + ex + ")";
		}
	}

	@Override
	public Client open(Targets targets, int connections) {
		HttpTransport transport = EofPoolRawContender.sizedTransport(connections, null, true);
		MeterRegistry meters = new SimpleMeterRegistry();
		// the starter's defaults (eofpool.metrics.*): no host tags, 20 hosts at most, snapshots up to 1 s old
		EofPoolMetrics poolMetrics = new EofPoolMetrics(transport, false, 20, Duration.ofSeconds(1));
		poolMetrics.bindTo(meters);
		ObservationRegistry observations = ObservationRegistry.NOOP;
		if (this.observations) {
			observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			transport.addCallListener(new EofPoolObservations(observations));
		}
		EofPoolClientHttpRequestFactory factory = new EofPoolClientHttpRequestFactory(transport);
		TlsSettings tls = EofPoolRawContender.tlsSettings(targets);
		if (tls != null) {
			factory.setTls(tls); // as the auto-configuration gives it an SSL bundle's
		}
		RestClient.Builder builder = RestClient.builder().requestFactory(factory).observationRegistry(observations);
		return new RestClientClient(builder, targets, () -> {
			poolMetrics.close();
			factory.close();
			transport.close();
			meters.close();
		});
	}
}
