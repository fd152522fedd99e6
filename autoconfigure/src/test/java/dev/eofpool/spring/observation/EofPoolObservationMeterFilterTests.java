package dev.eofpool.spring.observation;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.autoconfigure.metrics.EofPoolMetricsAutoConfiguration;
import dev.eofpool.spring.autoconfigure.observation.EofPoolObservationAutoConfiguration;
import dev.eofpool.testfixtures.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Boot's metrics and observations together (Boot times every observation into the application's registry), the
 * eofpool phase timers are the only meters of their names: the ones Boot would derive from the eofpool observations
 * are denied, while {@code http.client.requests} is still timed, with {@code eofpool.connection}.
 */
@Timeout(30)
class EofPoolObservationMeterFilterTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestClientObservationAutoConfiguration.class, EofPoolAutoConfiguration.class,
				EofPoolMetricsAutoConfiguration.class, EofPoolObservationAutoConfiguration.class));

	@Test
	void thePhaseTimersAreNotRepeatedByTheObservationsMeters() throws Exception {
		try (TestServer server = TestServer.responding((c, r) -> c.respond(200, "ok"))) {
			this.runner.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				RestClient client = context.getBean(RestClient.Builder.class)
					.baseUrl("http://localhost:" + server.port())
					.build();
				assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
				// Boot's observation handler is at work: the request's own timer, with the new key
				assertThat(registry.get("http.client.requests").tag("eofpool.connection", "reused").timer().count())
					.isEqualTo(1);
				for (String name : new String[] { "eofpool.acquire", "eofpool.connect" }) {
					assertThat(registry.find(name).meters()).isNotEmpty()
						.allSatisfy((meter) -> assertThat(meter.getId().getTag("outcome")).isNotNull());
				}
				assertThat(registry.get("eofpool.acquire").tag("outcome", "ok").timer().count()).isEqualTo(2);
				assertThat(registry.getMeters().stream().map(Meter::getId))
					.noneMatch((id) -> id.getTag("server.address") != null && id.getName().startsWith("eofpool."));
			});
		}
	}

	@Test
	void autoConfiguredWithTheObservations() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(EofPoolObservationMeterFilter.class));
	}

}
