package dev.eofpool.spring.metrics;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool-wide connection limit is a gauge when one is set, and absent otherwise. */
class EofPoolMetricsTotalCapTests {

	@Test
	void theTotalCapIsAGaugeWhenSet() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		SimpleMeterRegistry unboundedRegistry = new SimpleMeterRegistry();
		try (HttpTransport capped = new HttpTransport(TransportConfig.builder().maxConnectionsTotal(12).build());
				HttpTransport unbounded = HttpTransport.create();
				EofPoolMetrics metrics = new EofPoolMetrics(capped);
				EofPoolMetrics unboundedMetrics = new EofPoolMetrics(unbounded)) {
			metrics.bindTo(registry);
			unboundedMetrics.bindTo(unboundedRegistry);
			assertThat(registry.get("eofpool.connections.total.max").gauge().value()).isEqualTo(12.0);
			assertThat(unboundedRegistry.find("eofpool.connections.total.max").gauge()).isNull();
		}
	}

}
