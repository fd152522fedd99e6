package dev.eofpool.spring;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;

/**
 * Reads the {@link HttpClientSettings} components that Spring Boot 4.1 added ({@code inetAddressFilter},
 * {@code cookieHandling}) without compiling against them: eofpool builds against Boot 4.0, where they do not exist
 * and every read here returns {@code null}.
 */
final class BootHttpClientFeatures {

	/** Boot 4.1's SSRF filter type: {@code org.springframework.boot.http.client.InetAddressFilter}. */
	static final String INET_ADDRESS_FILTER = "org.springframework.boot.http.client.InetAddressFilter";

	private static final @Nullable Method FILTER = accessor("inetAddressFilter");

	private static final @Nullable Method COOKIES = accessor("cookieHandling");

	private BootHttpClientFeatures() {
	}

	/** Whether this Boot has {@code InetAddressFilter} and {@code HttpClientSettings.inetAddressFilter()} (4.1+). */
	static boolean hasInetAddressFilter() {
		return FILTER != null;
	}

	/** The settings' {@code InetAddressFilter}, or {@code null} (none, or Boot 4.0). */
	static @Nullable Object inetAddressFilter(HttpClientSettings settings) {
		return read(FILTER, settings);
	}

	/** The name of the settings' {@code HttpCookieHandling} ({@code ENABLE}...), or {@code null} (unset, or Boot 4.0). */
	static @Nullable String cookieHandling(HttpClientSettings settings) {
		Object value = read(COOKIES, settings);
		return (value instanceof Enum<?> e) ? e.name() : null;
	}

	private static @Nullable Object read(@Nullable Method accessor, HttpClientSettings settings) {
		if (accessor == null) {
			return null;
		}
		try {
			return accessor.invoke(settings);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("Cannot read HttpClientSettings." + accessor.getName() + "()", ex);
		}
	}

	private static @Nullable Method accessor(String name) {
		try {
			return HttpClientSettings.class.getMethod(name);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

}
