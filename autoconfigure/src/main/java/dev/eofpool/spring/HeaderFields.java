package dev.eofpool.spring;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * The map behind a request's {@link org.springframework.http.HttpHeaders}: names compared ignoring case, kept in the
 * order they were first added, as Spring's {@code LinkedCaseInsensitiveMap} keeps them, but in one array of name and
 * value pairs searched from the start. A request carries a handful of fields, so a look-up compares a few names where
 * {@code LinkedCaseInsensitiveMap} lower-cases the name into a new string on every call and keeps two hash tables
 * with a node per field: adding, reading and walking a field here allocate nothing beyond the value lists.
 * <p>
 * Like {@code LinkedCaseInsensitiveMap}, {@link #put} of a name already present with other letter case replaces that
 * field with one under the new spelling, at the end. It is its own {@link MultiValueMap} (the multi-value methods as
 * Spring's {@code MultiValueMapAdapter} has them), so {@code HttpHeaders} goes straight to it. Not thread-safe, as a
 * request's headers are not.
 */
final class HeaderFields extends AbstractMap<String, List<String>> implements MultiValueMap<String, String> {

	private static final Object[] NONE = {};

	/**
	 * Each field's name (a {@code String}, never two equal ignoring case) at {@code 2 * i} and its value list at
	 * {@code 2 * i + 1}, for the first {@link #size} fields; none until the first field is added (many a GET has no
	 * header of its own), then room for four, as a request seldom has more.
	 */
	private Object[] slots = NONE;

	private int size;

	/** Number of fields. */
	@Override
	public int size() {
		return this.size;
	}

	/** The name of the field at {@code index}, spelt as it was added. */
	String name(int index) {
		return (String) this.slots[2 * index];
	}

	/** The values of the field at {@code index}. */
	@SuppressWarnings("unchecked") // only lists of strings are ever stored in values
	List<String> values(int index) {
		return (List<String>) this.slots[2 * index + 1];
	}

	private int indexOf(@Nullable Object key) {
		if (key instanceof String name) {
			for (int i = 0; i < this.size; i++) {
				if (name(i).equalsIgnoreCase(name)) {
					return i;
				}
			}
		}
		return -1;
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		return indexOf(key) >= 0;
	}

	@Override
	public @Nullable List<String> get(@Nullable Object key) {
		int i = indexOf(key);
		return (i >= 0) ? values(i) : null;
	}

	@Override
	public @Nullable List<String> put(String key, List<String> value) {
		Objects.requireNonNull(key, "header name");
		int i = indexOf(key);
		List<String> old = null;
		if (i >= 0) {
			old = values(i);
			if (name(i).equals(key)) {
				this.slots[2 * i + 1] = value;
				return old;
			}
			removeAt(i);
		}
		if (2 * this.size == this.slots.length) {
			this.slots = Arrays.copyOf(this.slots, Math.max(8, this.slots.length * 2));
		}
		this.slots[2 * this.size] = key;
		this.slots[2 * this.size + 1] = value;
		this.size++;
		return old;
	}

	@Override
	public @Nullable List<String> remove(@Nullable Object key) {
		int i = indexOf(key);
		if (i < 0) {
			return null;
		}
		List<String> old = values(i);
		removeAt(i);
		return old;
	}

	private void removeAt(int index) {
		int tail = this.size - index - 1;
		System.arraycopy(this.slots, 2 * index + 2, this.slots, 2 * index, 2 * tail);
		this.size--;
		this.slots[2 * this.size] = null;
		this.slots[2 * this.size + 1] = null;
	}

	@Override
	public void clear() {
		Arrays.fill(this.slots, 0, 2 * this.size, null);
		this.size = 0;
	}

	@Override
	public @Nullable String getFirst(String key) {
		List<String> values = get(key);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public void add(String key, @Nullable String value) {
		int i = indexOf(key);
		if (i >= 0) {
			values(i).add(value);
			return;
		}
		List<String> values = new ArrayList<>(1);
		values.add(value);
		put(key, values);
	}

	@Override
	public void addAll(String key, List<? extends String> values) {
		int i = indexOf(key);
		if (i >= 0) {
			values(i).addAll(values);
			return;
		}
		put(key, new ArrayList<>(values));
	}

	@Override
	public void addAll(MultiValueMap<String, String> values) {
		values.forEach(this::addAll);
	}

	@Override
	public void set(String key, @Nullable String value) {
		List<String> values = new ArrayList<>(1);
		values.add(value);
		put(key, values);
	}

	@Override
	public void setAll(Map<String, String> values) {
		values.forEach(this::set);
	}

	@Override
	public Map<String, String> toSingleValueMap() {
		Map<String, String> first = new LinkedHashMap<>();
		for (int i = 0; i < this.size; i++) {
			List<String> values = values(i);
			if (!values.isEmpty()) {
				first.put(name(i), values.get(0));
			}
		}
		return first;
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super List<String>> action) {
		for (int i = 0; i < this.size; i++) {
			action.accept(name(i), values(i));
		}
	}

	/** A view of the fields, made per call: the request's own code walks them by index instead. */
	@Override
	public Set<Map.Entry<String, List<String>>> entrySet() {
		return new EntrySet();
	}

	/** The fields as entries: {@link Map.Entry#setValue} and the iterator's {@code remove} write through. */
	private final class EntrySet extends AbstractSet<Map.Entry<String, List<String>>> {

		@Override
		public int size() {
			return HeaderFields.this.size;
		}

		@Override
		public void clear() {
			HeaderFields.this.clear();
		}

		@Override
		public Iterator<Map.Entry<String, List<String>>> iterator() {
			return new Iterator<>() {

				private int next;

				private int last = -1;

				@Override
				public boolean hasNext() {
					return this.next < HeaderFields.this.size;
				}

				@Override
				public Map.Entry<String, List<String>> next() {
					if (!hasNext()) {
						throw new NoSuchElementException();
					}
					this.last = this.next++;
					return new Field(name(this.last));
				}

				@Override
				public void remove() {
					if (this.last < 0) {
						throw new IllegalStateException("next() first");
					}
					removeAt(this.last);
					this.next = this.last;
					this.last = -1;
				}
			};
		}

	}

	/** One field, found again by its name so that it stays right after fields before it are removed. */
	private final class Field implements Map.Entry<String, List<String>> {

		private final String name;

		Field(String name) {
			this.name = name;
		}

		@Override
		public String getKey() {
			return this.name;
		}

		@Override
		public List<String> getValue() {
			List<String> value = get(this.name);
			if (value == null) {
				throw new IllegalStateException("Header '" + this.name + "' was removed");
			}
			return value;
		}

		@Override
		public List<String> setValue(List<String> value) {
			int i = indexOf(this.name);
			if (i < 0) {
				throw new IllegalStateException("Header '" + this.name + "' was removed");
			}
			List<String> old = values(i);
			HeaderFields.this.slots[2 * i + 1] = value;
			return old;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Map.Entry<?, ?> e && this.name.equals(e.getKey()) && getValue().equals(e.getValue());
		}

		@Override
		public int hashCode() {
			return this.name.hashCode() ^ getValue().hashCode();
		}

		@Override
		public String toString() {
			return this.name + "=" + getValue();
		}

	}

}
