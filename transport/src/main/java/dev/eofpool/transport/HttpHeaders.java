package dev.eofpool.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.eofpool.transport.internal.http1.HeaderRules;

/**
 * An ordered list of header fields whose names compare case-insensitively. Repeated names keep every value in the
 * order received. Instances built by the transport for a response are never modified after they are returned.
 * <p>
 * A response's headers keep the header block as received, in one array of their own (a copy: never the connection's
 * buffer, which goes back to its pool), and the place of each name and value in it. Lookups compare the bytes; a
 * name's or value's {@code String} is made the first time it is asked for and then kept, so asking twice returns the
 * same instance.
 */
public final class HttpHeaders {

	private static final HttpHeaders EMPTY = new HttpHeaders(new String[0], 0);

	/** Indexes into {@link #block} per parsed field: where the name starts and ends, where the value starts and ends. */
	private static final int SPAN = 4;

	/** The number of fields. */
	private final int size;

	/** Alternating names and values (names at even indexes) of headers built from strings; null when parsed. */
	private final String[] strings;

	/**
	 * The fields of a parsed head as received, owned by these headers (a copy, never a buffer read into again); null
	 * when built from strings.
	 */
	private final byte[] block;

	/** {@link #SPAN} indexes into {@link #block} per parsed field; null when built from strings. */
	private final int[] spans;

	/**
	 * The names and values of a parsed head made so far, alternating; created on the first one asked for. Written
	 * without a lock: two threads asking at once may each make an (equal) {@code String}, and one of them is kept;
	 * a {@code String} is immutable, so either reads safely.
	 */
	private String[] made;

	/**
	 * Every name's {@link HeaderRules#nameBit} or-ed together: a lookup of a name whose bit is not set ends without
	 * looking at a field (most lookups the transport makes are for names a response does not carry).
	 */
	private final long names;

	private HttpHeaders(String[] strings, int size) {
		this.size = size;
		this.strings = strings;
		this.block = null;
		this.spans = null;
		long bits = 0;
		for (int i = 0; i < size; i++) {
			bits |= HeaderRules.nameBit(strings[2 * i]);
		}
		this.names = bits;
	}

	private HttpHeaders(byte[] block, int[] spans, int size) {
		this.size = size;
		this.strings = null;
		this.block = block;
		this.spans = spans;
		long bits = 0;
		for (int i = 0; i < size; i++) {
			bits |= HeaderRules.nameBit(block, spans[SPAN * i], spans[SPAN * i + 1]);
		}
		this.names = bits;
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
		if (!mayHave(name)) {
			return null;
		}
		for (int i = 0; i < this.size; i++) {
			if (named(i, name)) {
				return value(i);
			}
		}
		return null;
	}

	/** Returns every value of the named header, in order (empty when absent). */
	public List<String> all(String name) {
		if (!mayHave(name)) {
			return Collections.emptyList();
		}
		List<String> values = null;
		for (int i = 0; i < this.size; i++) {
			if (named(i, name)) {
				if (values == null) {
					values = new ArrayList<>(2);
				}
				values.add(value(i));
			}
		}
		return (values != null) ? values : Collections.emptyList();
	}

	/** How many fields have this name (0 when absent), counted without making a {@code String}. */
	public int count(String name) {
		if (!mayHave(name)) {
			return 0;
		}
		int n = 0;
		for (int i = 0; i < this.size; i++) {
			n += named(i, name) ? 1 : 0;
		}
		return n;
	}

	/** Whether a header with this name is present. */
	public boolean contains(String name) {
		if (!mayHave(name)) {
			return false;
		}
		for (int i = 0; i < this.size; i++) {
			if (named(i, name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether any value of the named header, read as a comma-separated list, holds the token (case-insensitive), as
	 * for {@code Connection: keep-alive, Upgrade}.
	 */
	public boolean containsToken(String name, String token) {
		if (!mayHave(name)) {
			return false;
		}
		for (int i = 0; i < this.size; i++) {
			if (named(i, name) && ((this.strings != null) ? HeaderRules.hasToken(this.strings[2 * i + 1], token)
					: HeaderRules.hasToken(this.block, this.spans[SPAN * i + 2], this.spans[SPAN * i + 3], token))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The value of the named header read as 1 to 18 ASCII decimal digits and nothing else, as {@code Content-Length}
	 * is: -1 when the header is absent, repeated, or anything else. A received value is read where it was received,
	 * without making a {@code String}.
	 */
	public long decimal(String name) {
		if (!mayHave(name)) {
			return -1;
		}
		int found = -1;
		for (int i = 0; i < this.size; i++) {
			if (named(i, name)) {
				if (found >= 0) {
					return -1;
				}
				found = i;
			}
		}
		if (found < 0) {
			return -1;
		}
		String built = (this.strings != null) ? this.strings[2 * found + 1] : null;
		int from = (built != null) ? 0 : this.spans[SPAN * found + 2];
		int to = (built != null) ? built.length() : this.spans[SPAN * found + 3];
		if (to <= from || to - from > 18) {
			return -1;
		}
		long value = 0;
		for (int i = from; i < to; i++) {
			int d = ((built != null) ? built.charAt(i) : this.block[i]) - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

	/** Header names in first-seen order, each once, as first spelled. */
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		outer: for (int i = 0; i < this.size; i++) {
			String name = name(i);
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
		for (int i = 0; i < this.size; i++) {
			action.accept(name(i), value(i));
		}
	}

	/** Number of fields (a repeated name counts once per value). */
	public int size() {
		return this.size;
	}

	/** Name of the field at {@code index}. */
	public String name(int index) {
		Objects.checkIndex(index, this.size);
		return (this.strings != null) ? this.strings[2 * index] : made(2 * index);
	}

	/** Value of the field at {@code index}. */
	public String value(int index) {
		Objects.checkIndex(index, this.size);
		return (this.strings != null) ? this.strings[2 * index + 1] : made(2 * index + 1);
	}

	/** The name (even {@code slot}) or value (odd) of a parsed field, made once. */
	private String made(int slot) {
		String[] made = this.made;
		if (made == null) {
			made = new String[2 * this.size];
			this.made = made;
		}
		String s = made[slot];
		if (s == null) {
			int field = slot >> 1;
			int from = this.spans[SPAN * field + 2 * (slot & 1)];
			int length = this.spans[SPAN * field + 2 * (slot & 1) + 1] - from;
			s = ((slot & 1) == 0) ? HeaderRules.headerName(this.block, from, length)
					: new String(this.block, from, length, StandardCharsets.ISO_8859_1);
			made[slot] = s;
		}
		return s;
	}

	/** Whether a field may have this name: {@code false} proves it absent (see {@link #names}). */
	private boolean mayHave(String name) {
		return name != null && (this.names & HeaderRules.nameBit(name)) != 0;
	}

	/** Whether the field at {@code i} has this name, ignoring case. */
	private boolean named(int i, String name) {
		if (this.strings != null) {
			return this.strings[2 * i].equalsIgnoreCase(name);
		}
		int start = this.spans[SPAN * i];
		return name != null && this.spans[SPAN * i + 1] - start == name.length()
				&& HeaderRules.sameIgnoringCase(this.block, start, name);
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder("[");
		forEach((n, v) -> sb.append(sb.length() > 1 ? ", " : "").append(n).append(": ").append(v));
		return sb.append(']').toString();
	}

	/** Collects header fields; {@link #build()} may be called once. Not thread-safe. */
	public static final class Builder {

		/** Alternating names and values; made by the first field (room for four), null again once built. */
		private String[] fields;

		/** The number of entries of {@link #fields} in use (twice the number of fields). */
		private int used;

		/**
		 * Whether a {@link #snapshot()} holds {@link #fields}: the next change copies them first, so no snapshot sees it
		 * (a builder used once, as most are, never copies).
		 */
		private boolean shared;

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
			if (this.fields == null) {
				this.fields = new String[8];
			}
			else if (this.used == this.fields.length || this.shared) {
				this.fields = Arrays.copyOf(this.fields, (this.used == this.fields.length) ? this.used * 2
						: this.fields.length);
				this.shared = false;
			}
			this.fields[this.used++] = name;
			this.fields[this.used++] = value;
			return this;
		}

		/** Replaces every field of that name with one field. */
		public Builder set(String name, String value) {
			remove(name);
			return add(name, value);
		}

		/** Removes every field of that name. */
		public Builder remove(String name) {
			if (this.fields == null) {
				return this;
			}
			if (this.shared) {
				this.fields = this.fields.clone();
				this.shared = false;
			}
			int kept = 0;
			for (int i = 0; i < this.used; i += 2) {
				if (!this.fields[i].equalsIgnoreCase(name)) {
					this.fields[kept++] = this.fields[i];
					this.fields[kept++] = this.fields[i + 1];
				}
			}
			Arrays.fill(this.fields, kept, this.used, null);
			this.used = kept;
			return this;
		}

		/** Returns the headers; this builder must not be used afterwards. */
		public HttpHeaders build() {
			String[] built = this.fields;
			this.fields = null;
			return (this.used == 0) ? EMPTY : new HttpHeaders(built, this.used / 2);
		}

		/**
		 * The headers so far: this builder stays usable and later fields do not show (the fields are shared until the
		 * builder next changes, which copies them first).
		 */
		HttpHeaders snapshot() {
			if (this.used == 0) {
				return EMPTY;
			}
			this.shared = true;
			return new HttpHeaders(this.fields, this.used / 2);
		}
	}

	/** Wraps alternating names and values that the transport's parser has already checked (the list is copied). */
	public static HttpHeaders ofParsed(List<String> nameValuePairs) {
		return nameValuePairs.isEmpty() ? EMPTY
				: new HttpHeaders(nameValuePairs.toArray(new String[0]), nameValuePairs.size() / 2);
	}

	/**
	 * Wraps the header block of a response head that the transport's parser has already checked, without a copy: the
	 * array must not change afterwards, and must be no buffer anything reads into again.
	 * @param block the fields as received
	 * @param spans four indexes into {@code block} per field: where its name starts and ends, where its value starts
	 * and ends (blanks around it excluded)
	 * @param count the number of fields
	 */
	public static HttpHeaders ofBlock(byte[] block, int[] spans, int count) {
		return (count == 0) ? EMPTY : new HttpHeaders(block, spans, count);
	}
}
