package dev.eofpool.spring.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for a native image of an application on eofpool, registered through
 * {@code META-INF/spring/aot.factories}.
 * <p>
 * What eofpool uses reflectively is the JSON shape of the {@code eofpool} actuator endpoint: its records are
 * serialized by Jackson, which reads their accessors reflectively. Boot derives binding hints for an endpoint's
 * operations only from the endpoint beans present at build time; these hints hold whenever Actuator is on the class
 * path. Nothing else needs a hint: the transport loads no class by name, no resource and no service (its
 * {@code System.Logger} and leak {@code Cleaner} are plain JDK calls), and configuration properties binding is
 * covered by Boot's own AOT processing.
 */
public final class EofPoolRuntimeHints implements RuntimeHintsRegistrar {

	private static final String ENDPOINT_TYPE = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	private static final String[] ENDPOINT_DESCRIPTORS = {
			"dev.eofpool.spring.actuate.EofPoolEndpoint$PoolDescriptor",
			"dev.eofpool.spring.actuate.EofPoolEndpoint$HostDescriptor" };

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(ENDPOINT_TYPE, classLoader)) {
			return;
		}
		for (String descriptor : ENDPOINT_DESCRIPTORS) {
			// the nested records (routes, connections, limits, counts, idle timeouts) are reached from these
			this.bindings.registerReflectionHints(hints.reflection(), ClassUtils.resolveClassName(descriptor, classLoader));
		}
	}

}
