package dev.eofpool.spring;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A request's attributes ({@code ClientHttpRequest.getAttributes()}): an insertion-ordered map, as Spring's own
 * requests keep, whose table is made only when the first attribute is put. {@code RestClient} copies its spec's
 * attributes into every request, most often none, so most requests never make one. Not thread-safe, as a request's
 * attributes are not.
 */
final class RequestAttributes extends AbstractMap<String, Object> {

	private @Nullable Map<String, Object> map;

	private Map<String, Object> map() {
		Map<String, Object> map = this.map;
		if (map == null) {
			map = new LinkedHashMap<>();
			this.map = map;
		}
		return map;
	}

	@Override
	public int size() {
		Map<String, Object> map = this.map;
		return (map != null) ? map.size() : 0;
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		Map<String, Object> map = this.map;
		return map != null && map.containsKey(key);
	}

	@Override
	public @Nullable Object get(@Nullable Object key) {
		Map<String, Object> map = this.map;
		return (map != null) ? map.get(key) : null;
	}

	@Override
	public @Nullable Object put(String key, Object value) {
		return map().put(key, value);
	}

	@Override
	public void putAll(Map<? extends String, ? extends Object> values) {
		if (!values.isEmpty()) {
			map().putAll(values);
		}
	}

	@Override
	public @Nullable Object remove(@Nullable Object key) {
		Map<String, Object> map = this.map;
		return (map != null) ? map.remove(key) : null;
	}

	@Override
	public void clear() {
		Map<String, Object> map = this.map;
		if (map != null) {
			map.clear();
		}
	}

	/** The entries; writes through (removal, {@code setValue}) once there are any. */
	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		Map<String, Object> map = this.map;
		return (map != null) ? map.entrySet() : Collections.emptySet();
	}

}
