package dev.eofpool.transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.eofpool.transport.internal.http1.HeaderRules;

/**
 * An ordered list of header fields whose names compare case-insensitively. Repeated names keep every value in the
 * order received. Instances built by the transport for a response are never modified after they are returned.
 */
public final class HttpHeaders {

	private static final HttpHeaders EMPTY = new HttpHeaders(new ArrayList<>(0));

	/** Alternating names and values: names at even indexes. */
	private final List<String> fields;

	private HttpHeaders(List<String> fields) {
		this.fields = fields;
	}

	/** Returns an empty, immutable header list. */
	public static HttpHeaders empty() {
		return EMPTY;
	}

	/** Returns a builder for a header list. */
	public static Builder builder() {
		return new Builder();
	}

	/** Returns the first value of the named header, or {@code null}. */
	public String first(String name) {
		for (int i = 0; i < this.fields.size(); i += 2) {
			if (this.fields.get(i).equalsIgnoreCase(name)) {
				return this.fields.get(i + 1);
			}
		}
		return null;
	}

	/** Returns every value of the named header, in order (empty when absent). */
	public List<String> all(String name) {
		List<String> values = null;
		for (int i = 0; i < this.fields.size(); i += 2) {
			if (this.fields.get(i).equalsIgnoreCase(name)) {
				if (values == null) {
					values = new ArrayList<>(2);
				}
				values.add(this.fields.get(i + 1));
			}
		}
		return (values != null) ? values : Collections.emptyList();
	}

	/** Whether a header with this name is present. */
	public boolean contains(String name) {
		return first(name) != null;
	}

	/**
	 * Whether any value of the named header, read as a comma-separated list, holds the token (case-insensitive), as
	 * for {@code Connection: keep-alive, Upgrade}.
	 */
	public boolean containsToken(String name, String token) {
		for (int i = 0; i < this.fields.size(); i += 2) {
			if (this.fields.get(i).equalsIgnoreCase(name) && hasToken(this.fields.get(i + 1), token)) {
				return true;
			}
		}
		return false;
	}

	static boolean hasToken(String list, String token) {
		int start = 0;
		int length = list.length();
		while (start < length) {
			int comma = list.indexOf(',', start);
			int end = (comma < 0) ? length : comma;
			int s = start;
			int e = end;
			while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
				s++;
			}
			while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
				e--;
			}
			if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	/** Header names in first-seen order, each once, as first spelled. */
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		outer: for (int i = 0; i < this.fields.size(); i += 2) {
			String name = this.fields.get(i);
			for (String seen : names) {
				if (seen.equalsIgnoreCase(name)) {
					continue outer;
				}
			}
			names.add(name);
		}
		return names;
	}

	/** Calls the action for each field in order, repeated names once per value. */
	public void forEach(BiConsumer<String, String> action) {
		for (int i = 0; i < this.fields.size(); i += 2) {
			action.accept(this.fields.get(i), this.fields.get(i + 1));
		}
	}

	/** Number of fields (a repeated name counts once per value). */
	public int size() {
		return this.fields.size() / 2;
	}

	/** Name of the field at {@code index}. */
	public String name(int index) {
		return this.fields.get(index * 2);
	}

	/** Value of the field at {@code index}. */
	public String value(int index) {
		return this.fields.get(index * 2 + 1);
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("[");
		forEach((n, v) -> sb.append(sb.length() > 1 ? ", " : "").append(n).append(": ").append(v));
		return sb.append(']').toString();
	}

	/** Collects header fields; {@link #build()} may be called once. Not thread-safe. */
	public static final class Builder {

		private List<String> fields = new ArrayList<>(16);

		private Builder() {
		}

		/**
		 * Adds a field. Names must be HTTP tokens and values must not contain CR, LF or NUL: those are rejected here,
		 * before anything can be sent.
		 * @throws IllegalArgumentException naming the header when the name or value is not allowed
		 */
		public Builder add(String name, String value) {
			HeaderRules.checkName(name);
			HeaderRules.checkValue(name, value);
			this.fields.add(name);
			this.fields.add(value);
			return this;
		}

		/** Replaces every field of that name with one field. */
		public Builder set(String name, String value) {
			remove(name);
			return add(name, value);
		}

		/** Removes every field of that name. */
		public Builder remove(String name) {
			for (int i = this.fields.size() - 2; i >= 0; i -= 2) {
				if (this.fields.get(i).equalsIgnoreCase(name)) {
					this.fields.remove(i + 1);
					this.fields.remove(i);
				}
			}
			return this;
		}

		/** Returns the headers; this builder must not be used afterwards. */
		public HttpHeaders build() {
			List<String> built = this.fields;
			this.fields = null;
			return built.isEmpty() ? EMPTY : new HttpHeaders(built);
		}
	}

	/**
	 * Wraps alternating names and values that the transport's response parser has already checked, without a copy.
	 * The list must not change afterwards.
	 */
	public static HttpHeaders ofParsed(List<String> nameValuePairs) {
		return nameValuePairs.isEmpty() ? EMPTY : new HttpHeaders(nameValuePairs);
	}
}
