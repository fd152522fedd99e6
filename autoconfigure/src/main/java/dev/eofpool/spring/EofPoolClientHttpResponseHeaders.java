package dev.eofpool.spring;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.eofpool.transport.HttpHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
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
		int count = this.fields.count(name);
		if (count == 0) {
			return null;
		}
		// most response fields come once: one small immutable list, not a list of two and its read-only wrapper
		return (count == 1) ? Collections.singletonList(this.fields.first(name))
				: Collections.unmodifiableList(this.fields.all(name));
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

	/**
	 * Spring's read-only {@link org.springframework.http.HttpHeaders} over these fields, with the reads a response
	 * gets on every {@code retrieve()} answered from the fields: {@code getContentLength()} reads the digits where they
	 * were received (no {@code String}), {@code getContentType()} parses a value once per response and reuses the
	 * type parsed last by any response or request with the same value ({@link MediaTypes}). Every change is refused
	 * (the map refuses it), as Spring's read-only headers refuse it.
	 */
	static org.springframework.http.HttpHeaders readOnly(HttpHeaders fields) {
		return new ReadOnly(new EofPoolClientHttpResponseHeaders(fields));
	}

	/** See {@link #readOnly(HttpHeaders)}. */
	private static final class ReadOnly extends org.springframework.http.HttpHeaders {

		private static final long serialVersionUID = 1L;

		private final transient EofPoolClientHttpResponseHeaders view;

		/** The type of {@code Content-Type}, once asked; responses are read by one thread at a time. */
		private transient @Nullable MediaType contentType;

		ReadOnly(EofPoolClientHttpResponseHeaders view) {
			super(view);
			this.view = view;
		}

		@Override
		public long getContentLength() {
			long length = this.view.fields.decimal(CONTENT_LENGTH);
			// absent, repeated or not only digits: as Spring reads it (the first value, or a NumberFormatException)
			return (length >= 0) ? length : super.getContentLength();
		}

		@Override
		public @Nullable MediaType getContentType() {
			MediaType type = this.contentType;
			if (type == null) {
				String value = getFirst(CONTENT_TYPE);
				if (value == null || value.isEmpty()) {
					return null;
				}
				type = MediaTypes.parse(value);
				this.contentType = type;
			}
			return type;
		}

	}

	private static UnsupportedOperationException readOnly() {
		return new UnsupportedOperationException("Response headers are read-only");
	}

}
