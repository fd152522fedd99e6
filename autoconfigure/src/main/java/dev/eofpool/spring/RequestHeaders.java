package dev.eofpool.spring;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;

/**
 * A request's {@link HttpHeaders} over its {@link HeaderFields}, with the two reads Spring's {@code RestClient} makes
 * on every request done without its per-call garbage:
 * <ul>
 * <li>{@link #addAll(HttpHeaders)} (the client copies its spec's headers into every request) walks the other headers'
 * map as it is, where Spring's own builds a case-insensitive set of their names first, for each call;</li>
 * <li>{@link #getContentType()} (asked two or three times per request body by the client and its message converters)
 * reuses the media type parsed last when the value is the same ({@link MediaTypes}), where Spring's parses a new
 * one per call.</li>
 * </ul>
 * Everything else is Spring's.
 */
final class RequestHeaders extends HttpHeaders {

	private static final long serialVersionUID = 1L;

	/**
	 * {@code HttpHeaders.asMultiValueMap()}: the one public view of another instance's map that does not build a set
	 * of its names. Spring 7 deprecates it for removal, so it is looked up by name; without it, {@link #addAll} is
	 * Spring's.
	 */
	private static final @Nullable MethodHandle AS_MULTI_VALUE_MAP = findMapView();

	RequestHeaders(HeaderFields fields) {
		super(fields);
	}

	/**
	 * Adds every value of {@code values} after the values already present for each name, as Spring's
	 * {@code addAll} does for headers whose names are distinct ignoring case (every {@code HttpHeaders} Spring makes:
	 * they are case-insensitive maps).
	 */
	@Override
	public void addAll(HttpHeaders values) {
		MultiValueMap<?, ?> map = mapOf(values);
		if (map == null) {
			super.addAll(values);
			return;
		}
		if (map.isEmpty()) {
			return;
		}
		map.forEach((name, list) -> {
			if (list != null) {
				for (int i = 0, n = list.size(); i < n; i++) {
					add((String) name, (String) list.get(i));
				}
			}
		});
	}

	/** The media type of {@code Content-Type}, or {@code null} without one, as Spring's. */
	@Override
	public @Nullable MediaType getContentType() {
		String value = getFirst(CONTENT_TYPE);
		if (value == null || value.isEmpty()) {
			return null;
		}
		return MediaTypes.parse(value);
	}

	/** The map behind {@code values}, or {@code null} when it cannot be reached (or is this one's). */
	private @Nullable MultiValueMap<?, ?> mapOf(HttpHeaders values) {
		MethodHandle view = AS_MULTI_VALUE_MAP;
		if (view == null || values == this) {
			return null;
		}
		try {
			return (MultiValueMap<?, ?>) view.invokeExact(values);
		}
		catch (Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// a field read that cannot fail this way; Spring's own walk still works
			return null;
		}
	}

	private static @Nullable MethodHandle findMapView() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(HttpHeaders.class, "asMultiValueMap", MethodType.methodType(MultiValueMap.class));
		}
		catch (ReflectiveOperationException | SecurityException ex) {
			return null;
		}
	}

}
