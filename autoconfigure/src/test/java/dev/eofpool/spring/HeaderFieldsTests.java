package dev.eofpool.spring;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.eofpool.testfixtures.ThreadAllocations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HeaderFields} behaves as the {@code LinkedCaseInsensitiveMap} that {@code new HttpHeaders()} uses: the same
 * seeded sequences of operations, through {@link HttpHeaders} and on the map itself, give the same answers and leave
 * the same fields in the same order with the same spelling.
 */
class HeaderFieldsTests {

	private static final String[] NAMES = { "Accept", "accept", "ACCEPT", "X-A", "x-a", "Content-Type",
			"content-type", "X-B", "X-C", "X-D", "X-E", "Cookie" };

	@Test
	void answersAsLinkedCaseInsensitiveMapDoes() {
		for (long seed = 0; seed < 200; seed++) {
			Random random = new Random(seed);
			LinkedCaseInsensitiveMap<List<String>> springMap = new LinkedCaseInsensitiveMap<>(8, Locale.ROOT);
			HeaderFields ours = new HeaderFields();
			HttpHeaders spring = new HttpHeaders(CollectionUtils.toMultiValueMap(springMap));
			HttpHeaders adapted = new HttpHeaders(ours);
			for (int step = 0; step < 60; step++) {
				int op = random.nextInt(11);
				String name = NAMES[random.nextInt(NAMES.length)];
				String value = "v" + random.nextInt(5);
				String context = "seed " + seed + " step " + step + " op " + op + " " + name;
				assertThat(apply(op, name, value, ours, adapted)).as(context)
					.isEqualTo(apply(op, name, value, springMap, spring));
				assertThat(fields(ours)).as(context).isEqualTo(fields(springMap));
				assertThat(ours.size()).as(context).isEqualTo(springMap.size());
			}
		}
	}

	@Test
	void walksByIndexInTheOrderAdded() {
		HeaderFields fields = new HeaderFields();
		HttpHeaders headers = new HttpHeaders(fields);
		for (int i = 0; i < 10; i++) {
			headers.add("X-" + i, "a" + i);
		}
		headers.add("x-3", "b3");
		assertThat(fields.size()).isEqualTo(10);
		for (int i = 0; i < 10; i++) {
			assertThat(fields.name(i)).isEqualTo("X-" + i);
		}
		assertThat(fields.values(3)).containsExactly("a3", "b3");
	}

	/** Its own multi-value methods answer as Spring's adapter over a {@code LinkedCaseInsensitiveMap}. */
	@Test
	void multiValueMethodsAnswerAsSpringsAdapter() {
		HeaderFields ours = new HeaderFields();
		MultiValueMap<String, String> spring = CollectionUtils
			.toMultiValueMap(new LinkedCaseInsensitiveMap<>(8, Locale.ROOT));
		MultiValueMap<String, String> more = new LinkedMultiValueMap<>();
		more.add("x-a", "m1");
		more.add("X-New", "m2");
		for (MultiValueMap<String, String> map : List.of(ours, spring)) {
			map.add("X-A", "1");
			map.addAll("x-a", List.of("2", "3"));
			map.addAll("X-B", List.of("4"));
			map.addAll(more);
			map.set("X-C", "5");
			map.setAll(Map.of("x-c", "6"));
			map.put("X-Empty", new ArrayList<>());
		}
		assertThat(fields(ours)).isEqualTo(fields(spring));
		assertThat(ours.toSingleValueMap()).isEqualTo(spring.toSingleValueMap());
		assertThat(ours.getFirst("X-EMPTY")).isNull();
		assertThat(ours.getFirst("X-A")).isEqualTo(spring.getFirst("X-A")).isEqualTo("1");
		assertThat(ours.getFirst("X-Missing")).isNull();
		assertThat(ours).isEqualTo(spring);
	}

	/** Applies one operation and says what it answered, as a string both maps must agree on. */
	private static String apply(int op, String name, String value, Map<String, List<String>> map,
			HttpHeaders headers) {
		switch (op) {
			case 0:
				headers.add(name, value);
				return "";
			case 1:
				headers.set(name, value);
				return "";
			case 2:
				return String.valueOf(headers.remove(name));
			case 3:
				return headers.getFirst(name) + " " + headers.get(name) + " " + headers.containsHeader(name);
			case 4:
				return String.valueOf(map.put(name, new ArrayList<>(List.of(value))));
			case 5:
				return String.valueOf(map.computeIfAbsent(name, (k) -> new ArrayList<>(List.of(value))));
			case 6:
				return String.valueOf(map.putIfAbsent(name, new ArrayList<>(List.of(value))));
			case 7: {
				// remove the entries of that name ignoring case through the entry iterator
				Iterator<Map.Entry<String, List<String>>> it = map.entrySet().iterator();
				StringBuilder removed = new StringBuilder();
				while (it.hasNext()) {
					Map.Entry<String, List<String>> e = it.next();
					if (e.getKey().equalsIgnoreCase(name)) {
						removed.append(e.getKey());
						it.remove();
					}
				}
				return removed.toString();
			}
			case 8: {
				StringBuilder set = new StringBuilder();
				for (Map.Entry<String, List<String>> e : map.entrySet()) {
					if (e.getKey().equalsIgnoreCase(name)) {
						set.append(e.setValue(new ArrayList<>(List.of(value))));
					}
				}
				return set.toString();
			}
			case 9:
				return headers.headerNames() + " " + map.keySet() + " " + map.containsKey(name) + " " + map.isEmpty();
			default:
				if (map.size() > 6) {
					headers.clear();
				}
				return String.valueOf(map.size());
		}
	}

	/** A request without a header of its own (many a GET) makes no array of fields: reads on none allocate nothing. */
	@Test
	void fieldsWithNoneAddedHoldNoArray() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		HeaderFields[] all = new HeaderFields[1000];
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long start = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < all.length; i++) {
				HeaderFields fields = new HeaderFields();
				fields.get("Content-Length");
				fields.containsKey("Cookie");
				all[i] = fields;
			}
			least = Math.min(least, (ThreadAllocations.ofCurrentThread() - start) / all.length);
		}
		// the object itself: 32 B on a 64-bit JVM with compressed pointers; an array of eight slots would add 48
		assertThat(least).as("bytes per empty HeaderFields").isLessThanOrEqualTo(32);
		HeaderFields fields = all[0];
		fields.put("A", List.of("1"));
		assertThat(fields.get("a")).containsExactly("1");
	}

	private static List<String> fields(Map<String, List<String>> map) {
		List<String> fields = new ArrayList<>();
		map.forEach((name, values) -> fields.add(name + "=" + values));
		List<String> iterated = new ArrayList<>();
		for (Map.Entry<String, List<String>> e : map.entrySet()) {
			iterated.add(e.getKey() + "=" + e.getValue());
		}
		assertThat(iterated).isEqualTo(fields);
		return fields;
	}

}
