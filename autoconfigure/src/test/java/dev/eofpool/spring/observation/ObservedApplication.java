package dev.eofpool.spring.observation;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

import dev.eofpool.spring.autoconfigure.EofPoolAutoConfiguration;
import dev.eofpool.spring.autoconfigure.metrics.EofPoolMetricsAutoConfiguration;
import dev.eofpool.spring.autoconfigure.observation.EofPoolObservationAutoConfiguration;
import dev.eofpool.spring.metrics.EofPoolMetrics;

/**
 * A real Spring context for observation tests: Boot's observation, HTTP client and {@code RestClient}
 * auto-configurations with eofpool's, a {@link TestObservationRegistry} as the application's registry (Boot applies
 * its {@code ObservationFilter} beans to it) and a {@link SimpleMeterRegistry} for the eofpool meters. Every stopped
 * observation is also timed into {@link #spans} by Micrometer's {@link DefaultMeterObservationHandler}, so a test
 * reads how long each child observation (span) lasted.
 */
final class ObservedApplication {

	/** The application's registry. */
	final TestObservationRegistry observations = TestObservationRegistry.create();

	/** The eofpool meters (bound by {@link #client}). */
	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** One timer per observation name and key values: the observations' durations. */
	final SimpleMeterRegistry spans = new SimpleMeterRegistry();

	ObservedApplication() {
		this.observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.spans));
	}

	ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, SslAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, RestClientAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class, EofPoolAutoConfiguration.class,
					EofPoolMetricsAutoConfiguration.class, EofPoolObservationAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> this.observations)
			.withBean(MeterRegistry.class, () -> this.meters);
	}

	/** A client from the auto-configured {@code RestClient.Builder}; binds the eofpool meters first. */
	RestClient client(AssertableApplicationContext context, String baseUrl) {
		context.getBean(EofPoolMetrics.class).bindTo(this.meters);
		return context.getBean(RestClient.Builder.class).baseUrl(baseUrl).build();
	}

	/** The eofpool timer {@code name} with {@code outcome}. */
	Timer meter(String name, String outcome) {
		return this.meters.get(name).tag("outcome", outcome).timer();
	}

	/** The time observations named {@code name} lasted, summed over all of them (optionally only those with a tag). */
	long spanMillis(String name, Tag... tags) {
		return (long) this.spans.get(name).tags(List.of(tags)).timers().stream()
			.mapToDouble((t) -> t.totalTime(TimeUnit.MILLISECONDS))
			.sum();
	}

	/** Matches the {@code http.client.requests} observation of the request to {@code path}. */
	static Predicate<Observation.ContextView> request(String path) {
		return (context) -> context instanceof ClientRequestObservationContext request
				&& request.getCarrier() != null && path.equals(request.getCarrier().getURI().getPath());
	}

}
