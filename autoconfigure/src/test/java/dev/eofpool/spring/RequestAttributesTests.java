package dev.eofpool.spring;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.eofpool.testfixtures.ThreadAllocations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestAttributes} behaves as the {@link LinkedHashMap} Spring's requests keep their attributes in, and makes
 * no table while it holds none.
 */
class RequestAttributesTests {

	@Test
	void behavesAsALinkedHashMap() {
		RequestAttributes ours = new RequestAttributes();
		Map<String, Object> theirs = new LinkedHashMap<>();
		for (Map<String, Object> map : java.util.List.of(ours, theirs)) {
			assertThat(map.isEmpty()).isTrue();
			assertThat(map.get("a")).isNull();
			assertThat(map.remove("a")).isNull();
			map.putAll(Map.of());
			map.clear();
			assertThat(map.put("b", 1)).isNull();
			map.putAll(Map.of("a", 2));
			assertThat(map.put("b", 3)).isEqualTo(1);
			map.computeIfAbsent("c", (k) -> 4);
			Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
			it.next().setValue(5);
			it.next();
			it.remove();
		}
		assertThat(ours).isEqualTo(theirs).containsExactly(Map.entry("b", 5), Map.entry("c", 4));
		assertThat(ours.toString()).isEqualTo(theirs.toString());
		assertThat(ours.hashCode()).isEqualTo(theirs.hashCode());
		ours.clear();
		assertThat(ours).isEmpty();
	}

	/** What {@code RestClient} does with every request's attributes: copies its spec's, most often none, in. */
	@Test
	void copyingNoAttributesInMakesNoTable() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		Map<String, Object> none = new java.util.concurrent.ConcurrentHashMap<>();
		RequestAttributes[] all = new RequestAttributes[1000];
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long start = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < all.length; i++) {
				RequestAttributes attributes = new RequestAttributes();
				attributes.putAll(none);
				attributes.get("org.springframework.web.client.RestClient.uriTemplate");
				all[i] = attributes;
			}
			least = Math.min(least, (ThreadAllocations.ofCurrentThread() - start) / all.length);
		}
		// the object itself: 24 B on a 64-bit JVM with compressed pointers; a LinkedHashMap would add 56
		assertThat(least).as("bytes per request's attributes").isLessThanOrEqualTo(24);
	}

}
