package dev.eofpool.sample;

import dev.eofpool.spring.actuate.EofPoolEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.web.WebResourcesRuntimeHints;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints the registrars on the sample's class path contribute to a native image (those listed in
 * {@code aot.factories}, eofpool's among them, and Boot's {@link WebResourcesRuntimeHints}, which its web
 * auto-configuration imports) cover the pool page and the endpoint it reads; the sample's own
 * {@link SampleRuntimeHints} cover the https upstream's key and trust stores. {@code .ci/aot-smoke} checks the page's
 * and the endpoint's hints in the output of a real {@code process-aot} run, and starts it.
 */
class RuntimeHintsTests {

	@Test
	void thePoolPageTheEndpointsJsonAndTheKeyStoresAreCovered() {
		RuntimeHints hints = new RuntimeHints();
		ClassLoader classLoader = getClass().getClassLoader();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories", classLoader)
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, classLoader));
		new WebResourcesRuntimeHints().registerHints(hints, classLoader);
		new SampleRuntimeHints().registerHints(hints, classLoader);

		assertThat(RuntimeHintsPredicates.resource().forResource("static/index.html")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("tls-upstream/keystore.p12")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("tls-upstream/truststore.p12")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(EofPoolEndpoint.PoolDescriptor.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EofPoolEndpoint.Counts.class, "reusedRequests"))
			.accepts(hints);
	}

}
