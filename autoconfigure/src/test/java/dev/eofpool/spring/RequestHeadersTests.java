package dev.eofpool.spring;

import java.util.List;

import dev.eofpool.testfixtures.ThreadAllocations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request headers' own {@code addAll(HttpHeaders)} and {@code getContentType()}: the same results as Spring's, with
 * less garbage per call.
 */
class RequestHeadersTests {

	private static RequestHeaders headers() {
		return new RequestHeaders(new HeaderFields());
	}

	@Test
	void addAllAppendsEveryValueInOrderAsSpringDoes() {
		HttpHeaders source = new HttpHeaders();
		source.add("Accept", "text/plain");
		source.add("X-Trace", "a");
		source.add("x-trace", "b");
		source.setContentType(MediaType.APPLICATION_JSON);
		RequestHeaders ours = headers();
		HttpHeaders spring = new HttpHeaders();
		for (HttpHeaders target : List.of(ours, spring)) {
			target.add("X-TRACE", "first");
			target.add("Cookie", "c=1");
			target.addAll(source);
		}
		assertThat(ours.headerNames()).containsExactlyElementsOf(spring.headerNames());
		for (String name : spring.headerNames()) {
			assertThat(ours.get(name)).as(name).isEqualTo(spring.get(name));
		}
		assertThat(ours.get("x-trace")).containsExactly("first", "a", "b");
		source.add("Accept", "later");
		assertThat(ours.get("Accept")).as("values copied, not shared").containsExactly("text/plain");
	}

	@Test
	void addAllOfNothingOrOfItselfAsSpringDoes() {
		RequestHeaders ours = headers();
		ours.addAll(new HttpHeaders());
		assertThat(ours.isEmpty()).isTrue();
		ours.add("A", "1");
		ours.addAll(HttpHeaders.readOnlyHttpHeaders(new HttpHeaders()));
		assertThat(ours.get("A")).containsExactly("1");
		HttpHeaders readOnly = new HttpHeaders();
		readOnly.add("B", "2");
		ours.addAll(HttpHeaders.readOnlyHttpHeaders(readOnly));
		assertThat(ours.get("b")).containsExactly("2");
	}

	@Test
	void contentTypeIsParsedAsSpringParsesIt() {
		RequestHeaders ours = headers();
		assertThat(ours.getContentType()).isNull();
		ours.set(HttpHeaders.CONTENT_TYPE, "");
		assertThat(ours.getContentType()).isNull();
		for (String value : List.of("application/json", "text/plain;charset=UTF-8", "application/json",
				"application/octet-stream", "text/plain;charset=ISO-8859-1")) {
			ours.set(HttpHeaders.CONTENT_TYPE, value);
			HttpHeaders spring = new HttpHeaders();
			spring.set(HttpHeaders.CONTENT_TYPE, value);
			assertThat(ours.getContentType()).as(value).isEqualTo(spring.getContentType());
			assertThat(ours.getContentType()).as(value).isEqualTo(spring.getContentType());
		}
		ours.setContentType(MediaType.TEXT_HTML);
		assertThat(ours.getContentType()).isEqualTo(MediaType.TEXT_HTML);
	}

	/**
	 * What {@code RestClient} does on every request: copy its spec's headers (here one, as a POST with a content type
	 * has) into the request's, and read the content type back a few times. Spring's own {@code addAll} builds a
	 * case-insensitive set of the names (about 900 B for one name); every {@code getContentType()} parses a new media
	 * type.
	 */
	@Test
	void copyingTheSpecsHeadersAndReadingTheContentTypeAllocateLittle() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		HttpHeaders spec = new HttpHeaders();
		spec.setContentType(MediaType.APPLICATION_OCTET_STREAM);
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			RequestHeaders[] targets = new RequestHeaders[1000];
			for (int i = 0; i < targets.length; i++) {
				targets[i] = headers();
			}
			long start = ThreadAllocations.ofCurrentThread();
			for (RequestHeaders target : targets) {
				target.addAll(spec);
				target.getContentType();
				target.getContentType();
				target.getContentType();
			}
			least = Math.min(least, (ThreadAllocations.ofCurrentThread() - start) / targets.length);
		}
		// the value list (ArrayList and its array) and the lambda: about 100 B
		assertThat(least).as("bytes per addAll and three getContentType()").isLessThan(200);
	}

}
