package dev.eofpool.spring.aot;

import java.net.InetAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for a native image of an application on eofpool, registered through
 * {@code META-INF/spring/aot.factories}.
 * <p>
 * What eofpool uses reflectively: the transport's exchange ends through a {@code VarHandle} on one of its fields
 * (looked up by name), and the JSON shape of the {@code eofpool} actuator endpoint, whose records Jackson reads
 * through their accessors. Boot derives binding hints for an endpoint's operations only from the endpoint beans
 * present at build time; these hold whenever Actuator is on the class path. On Boot 4.1, the {@code InetAddressFilter}
 * and {@code HttpClientSettings} methods eofpool calls reflectively (it compiles against Boot 4.0). Nothing else needs
 * a hint: the transport
 * loads no class by name, no resource and no service (its {@code System.Logger} and leak-watch {@code PhantomReference}s are plain JDK
 * calls), and configuration properties binding is covered by Boot's own AOT processing.
 */
public final class EofPoolRuntimeHints implements RuntimeHintsRegistrar {

	private static final String ENDPOINT_TYPE = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	private static final String[] ENDPOINT_DESCRIPTORS = {
			"dev.eofpool.spring.actuate.EofPoolEndpoint$PoolDescriptor",
			"dev.eofpool.spring.actuate.EofPoolEndpoint$HostDescriptor" };

	/** The exchange whose end flag is a {@code VarHandle} found by field name (see its static initializer). */
	private static final String EXCHANGE_TYPE = "dev.eofpool.transport.internal.connection.Exchange";

	private static final String EXCHANGE_END_FIELD = "ended";

	/** Boot 4.1's filter, called reflectively by {@code InetAddressFilterAdapter} (eofpool compiles against 4.0). */
	private static final String INET_ADDRESS_FILTER = "org.springframework.boot.http.client.InetAddressFilter";

	private static final String HTTP_CLIENT_SETTINGS = "org.springframework.boot.http.client.HttpClientSettings";

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerType(TypeReference.of(EXCHANGE_TYPE), (type) -> type.withField(EXCHANGE_END_FIELD));
		if (ClassUtils.isPresent(INET_ADDRESS_FILTER, classLoader)) {
			// Boot 4.1: the filter's matches(InetAddress) and the settings' accessors of what 4.1 added
			hints.reflection().registerType(TypeReference.of(INET_ADDRESS_FILTER),
					(type) -> type.withMethod("matches", List.of(TypeReference.of(InetAddress.class)),
							ExecutableMode.INVOKE));
			hints.reflection().registerType(TypeReference.of(HTTP_CLIENT_SETTINGS),
					(type) -> type.withMethod("inetAddressFilter", List.of(), ExecutableMode.INVOKE)
						.withMethod("cookieHandling", List.of(), ExecutableMode.INVOKE));
		}
		if (!ClassUtils.isPresent(ENDPOINT_TYPE, classLoader)) {
			return;
		}
		for (String descriptor : ENDPOINT_DESCRIPTORS) {
			// the nested records (routes, connections, limits, counts, idle timeouts) are reached from these
			this.bindings.registerReflectionHints(hints.reflection(), ClassUtils.resolveClassName(descriptor, classLoader));
		}
	}

}
