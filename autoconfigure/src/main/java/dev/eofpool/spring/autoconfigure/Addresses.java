package dev.eofpool.spring.autoconfigure;

import dev.eofpool.spring.InetAddressFilterAdapter;
import dev.eofpool.transport.AddressFilter;
import dev.eofpool.transport.Resolver;
import dev.eofpool.transport.TransportConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Gives the transport the application's address beans: a {@link Resolver} replaces the JDK's, an eofpool
 * {@link AddressFilter} and Spring Boot 4.1's {@code InetAddressFilter} (its SSRF protection, which Boot applies to
 * all auto-configured HTTP clients) both decide which addresses may be dialled. The Boot 4.1 type is looked up by
 * name, so this compiles and runs on Boot 4.0, where it does not exist.
 */
final class Addresses {

	/** Boot 4.1's {@code InetAddressFilter}. */
	static final String INET_ADDRESS_FILTER = "org.springframework.boot.http.client.InetAddressFilter";

	private Addresses() {
	}

	static TransportConfig apply(TransportConfig config, @Nullable Resolver resolver, @Nullable AddressFilter filter,
			BeanFactory beanFactory) {
		Object bootFilter = bootFilter(beanFactory);
		if (resolver == null && filter == null && bootFilter == null) {
			return config;
		}
		TransportConfig.Builder builder = config.toBuilder();
		if (resolver != null) {
			builder.resolver(resolver);
		}
		if (bootFilter != null) {
			builder.addressFilter(InetAddressFilterAdapter.of(bootFilter, filter));
		}
		else if (filter != null) {
			builder.addressFilter(filter);
		}
		return builder.build();
	}

	/** The application's unique {@code InetAddressFilter} bean, or {@code null} (none, or Boot 4.0). */
	static @Nullable Object bootFilter(BeanFactory beanFactory) {
		ClassLoader classLoader = Addresses.class.getClassLoader();
		if (!ClassUtils.isPresent(INET_ADDRESS_FILTER, classLoader)) {
			return null;
		}
		Class<?> type = ClassUtils.resolveClassName(INET_ADDRESS_FILTER, classLoader);
		return beanFactory.getBeanProvider(type).getIfUnique();
	}

}
