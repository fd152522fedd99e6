package dev.eofpool.spring.aot;

import dev.eofpool.spring.actuate.EofPoolEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints eofpool contributes to a native image: Jackson can read every record of the endpoint's JSON
 * reflectively, and the registrar is found where Spring's AOT processing looks for it.
 */
class EofPoolRuntimeHintsTests {

	@Test
	void everyEndpointDescriptorCanBeSerializedReflectively() {
		RuntimeHints hints = new RuntimeHints();
		new EofPoolRuntimeHints().registerHints(hints, getClass().getClassLoader());

		for (Class<?> type : new Class<?>[] { EofPoolEndpoint.PoolDescriptor.class, EofPoolEndpoint.HostDescriptor.class,
				EofPoolEndpoint.Summary.class, EofPoolEndpoint.RouteDescriptor.class, EofPoolEndpoint.Connections.class,
				EofPoolEndpoint.Limits.class, EofPoolEndpoint.Counts.class, EofPoolEndpoint.IdleTimeouts.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getSimpleName()).accepts(hints);
			for (var component : type.getRecordComponents()) {
				assertThat(RuntimeHintsPredicates.reflection()
					.onMethodInvocation(type, component.getAccessor().getName()))
					.as("%s.%s()", type.getSimpleName(), component.getName())
					.accepts(hints);
			}
		}
	}

	@Test
	void theExchangesEndFlagCanBeFoundByName() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new EofPoolRuntimeHints().registerHints(hints, getClass().getClassLoader());

		// the field its VarHandle is looked up by: a rename without the hint would break only in a native image
		Class<?> exchange = Class.forName("dev.eofpool.transport.internal.connection.Exchange");
		assertThat(exchange.getDeclaredField("ended").getType()).isEqualTo(int.class);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(exchange, "ended")).accepts(hints);
	}

	@Test
	void withoutActuatorOnlyTheTransportsHintIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		// on Boot 4.1 its InetAddressFilter brings hints of its own (see EofPoolBoot41Tests): hidden here
		new EofPoolRuntimeHints().registerHints(hints, new FilteredClassLoader("org.springframework.boot.actuate",
				"org.springframework.boot.http.client.InetAddressFilter"));

		assertThat(hints.reflection().typeHints()).extracting((hint) -> hint.getType().getName())
			.containsExactly("dev.eofpool.transport.internal.connection.Exchange");
	}

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(EofPoolRuntimeHints.class);
	}

}
