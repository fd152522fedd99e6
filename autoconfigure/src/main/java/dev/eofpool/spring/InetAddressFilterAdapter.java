package dev.eofpool.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;

import dev.eofpool.transport.AddressFilter;
import org.jspecify.annotations.Nullable;

/**
 * The transport's {@link AddressFilter} backed by Spring Boot 4.1's {@code InetAddressFilter} (its protection against
 * server-side request forgery), called reflectively because eofpool compiles against Boot 4.0: every address eofpool
 * would dial, origin, proxy and redirect target alike, must match it (and the optional eofpool {@link AddressFilter}
 * combined with it).
 */
public final class InetAddressFilterAdapter implements AddressFilter {

	private final Object filter;

	private final Method matches;

	private final @Nullable AddressFilter also;

	private InetAddressFilterAdapter(Object filter, Method matches, @Nullable AddressFilter also) {
		this.filter = filter;
		this.matches = matches;
		this.also = also;
	}

	/**
	 * Adapts a Boot 4.1 {@code InetAddressFilter}.
	 * @param inetAddressFilter the filter (an {@code org.springframework.boot.http.client.InetAddressFilter})
	 * @param also another filter every address must pass too, or {@code null}
	 * @throws IllegalArgumentException when the object is not an {@code InetAddressFilter}
	 */
	public static InetAddressFilterAdapter of(Object inetAddressFilter, @Nullable AddressFilter also) {
		try {
			Class<?> type = Class.forName(BootHttpClientFeatures.INET_ADDRESS_FILTER, false,
					inetAddressFilter.getClass().getClassLoader());
			if (!type.isInstance(inetAddressFilter)) {
				throw new IllegalArgumentException(inetAddressFilter + " is not an " + type.getName());
			}
			return new InetAddressFilterAdapter(inetAddressFilter, type.getMethod("matches", InetAddress.class), also);
		}
		catch (ClassNotFoundException | NoSuchMethodException ex) {
			throw new IllegalArgumentException("Not a Spring Boot 4.1 InetAddressFilter: " + inetAddressFilter, ex);
		}
	}

	/** Whether {@code transportFilter} applies {@code inetAddressFilter} (the same object) to every dial. */
	static boolean applies(AddressFilter transportFilter, Object inetAddressFilter) {
		return transportFilter instanceof InetAddressFilterAdapter adapter && adapter.filter == inetAddressFilter;
	}

	/** The adapted {@code InetAddressFilter}. */
	public Object getFilter() {
		return this.filter;
	}

	@Override
	public boolean allows(String host, InetAddress address) {
		if (this.also != null && !this.also.allows(host, address)) {
			return false;
		}
		try {
			return Boolean.TRUE.equals(this.matches.invoke(this.filter, address));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot call " + this.matches, ex);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException re) {
				throw re;
			}
			throw new IllegalStateException("InetAddressFilter failed for " + host + " (" + address + ")",
					ex.getCause());
		}
	}

	@Override
	public String toString() {
		return "InetAddressFilter " + this.filter;
	}

}
