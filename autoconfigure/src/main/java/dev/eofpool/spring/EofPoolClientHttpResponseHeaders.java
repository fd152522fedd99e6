package dev.eofpool.spring;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eofpool.transport.HttpHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * A response's transport headers seen as Spring's read-only {@link MultiValueMap}, without a copy: names compare
 * case-insensitively, each name's values keep their order, {@link #keySet()} gives each name once as first spelled.
 * A lookup ({@code getFirst}, {@code get}, {@code containsKey}, the common reads such as {@code getContentType()})
 * scans the few fields in place; only a walk over every entry builds the name-to-values map, once. Every mutator throws
 * {@link UnsupportedOperationException}, as Spring's read-only headers do.
 */
final class EofPoolClientHttpResponseHeaders extends AbstractMap<String, List<String>>
		implements MultiValueMap<String, String> {

	private final HttpHeaders fields;

	/** Built on the first walk over every entry; responses are read by one thread at a time. */
	private @Nullable Set<Map.Entry<String, List<String>>> entries;

	EofPoolClientHttpResponseHeaders(HttpHeaders fields) {
		this.fields = fields;
	}

	@Override
	public @Nullable String getFirst(String key) {
		return this.fields.first(key);
	}

	@Override
	public @Nullable List<String> get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		List<String> values = this.fields.all(name);
		return values.isEmpty() ? null : Collections.unmodifiableList(values);
	}

	@Override
	public boolean containsKey(Object key) {
		return (key instanceof String name) && this.fields.contains(name);
	}

	@Override
	public boolean isEmpty() {
		return this.fields.size() == 0;
	}

	@Override
	public int size() {
		return entrySet().size();
	}

	@Override
	public Set<Map.Entry<String, List<String>>> entrySet() {
		Set<Map.Entry<String, List<String>>> entries = this.entries;
		if (entries == null) {
			Map<String, List<String>> byName = new LinkedHashMap<>();
			for (String name : this.fields.names()) {
				byName.put(name, Collections.unmodifiableList(this.fields.all(name)));
			}
			entries = Collections.unmodifiableMap(byName).entrySet();
			this.entries = entries;
		}
		return entries;
	}

	@Override
	public Map<String, String> toSingleValueMap() {
		Map<String, String> first = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> entry : entrySet()) {
			first.put(entry.getKey(), entry.getValue().get(0));
		}
		return Collections.unmodifiableMap(first);
	}

	@Override
	public void add(String key, @Nullable String value) {
		throw readOnly();
	}

	@Override
	public void addAll(String key, List<? extends String> values) {
		throw readOnly();
	}

	@Override
	public void addAll(MultiValueMap<String, String> values) {
		throw readOnly();
	}

	@Override
	public void set(String key, @Nullable String value) {
		throw readOnly();
	}

	@Override
	public void setAll(Map<String, String> values) {
		throw readOnly();
	}

	@Override
	public List<String> put(String key, List<String> value) {
		throw readOnly();
	}

	@Override
	public List<String> remove(Object key) {
		throw readOnly();
	}

	@Override
	public void clear() {
		throw readOnly();
	}

	private static UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("Response headers are read-only");
	}

}
