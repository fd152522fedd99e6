package dev.eofpool.transport;

import java.net.URI;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.eofpool.testfixtures.ThreadAllocations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The builder hands its header list to the request it builds without a copy, and no request changes afterwards. */
class HttpRequestBuilderTest {

	private static final URI URI_ = URI.create("http://example.test/");

	@Test
	void aRequestKeepsItsHeadersWhenTheBuilderGoesOn() {
		HttpRequest.Builder builder = HttpRequest.builder("GET", URI_).header("A", "1");
		HttpRequest first = builder.build();
		HttpRequest second = builder.header("B", "2").build();
		HttpRequest third = builder.build();
		builder.header("C", "3");
		assertThat(first.headers().size()).isEqualTo(1);
		assertThat(first.headers().first("B")).isNull();
		assertThat(second.headers().size()).isEqualTo(2);
		assertThat(second.headers().first("B")).isEqualTo("2");
		assertThat(third.headers().size()).isEqualTo(2);
		assertThat(third.headers().first("C")).isNull();
		assertThat(builder.build().headers().first("C")).isEqualTo("3");
	}

	@Test
	void withoutHeadersTheRequestHasNone() {
		assertThat(HttpRequest.builder("GET", URI_).build().headers().size()).isZero();
	}

	@Test
	void headersAreCheckedAsTheyAreAdded() {
		assertThatIllegalArgumentException().isThrownBy(() -> HttpRequest.builder("GET", URI_).header("X-A", "a\r\nb"))
			.withMessageContaining("X-A");
	}

	@Test
	void aSnapshotKeepsItsFieldsWhenTheHeadersBuilderChangesThem() {
		HttpHeaders.Builder builder = HttpHeaders.builder().add("A", "1").add("B", "2");
		HttpHeaders first = builder.snapshot();
		builder.set("A", "3");
		HttpHeaders second = builder.snapshot();
		builder.remove("B");
		HttpHeaders third = builder.snapshot();
		builder.add("C", "4");
		assertThat(first.toString()).isEqualTo(HttpHeaders.builder().add("A", "1").add("B", "2").build().toString());
		assertThat(second.toString()).isEqualTo(HttpHeaders.builder().add("B", "2").add("A", "3").build().toString());
		assertThat(third.toString()).isEqualTo(HttpHeaders.builder().add("A", "3").build().toString());
		assertThat(builder.build().toString())
			.isEqualTo(HttpHeaders.builder().add("A", "3").add("C", "4").build().toString());
	}

	/**
	 * A request built once, as a client builds each (the Spring adapter does): no header builder without a header, no
	 * copy of the fields for the request. Sizes on a 64-bit JVM with compressed pointers.
	 */
	@Test
	void buildingARequestOnceCopiesNothing() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		HttpRequest[] built = new HttpRequest[1000];
		long none = Long.MAX_VALUE;
		long one = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long start = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < built.length; i++) {
				built[i] = HttpRequest.builder("GET", URI_).build();
			}
			long middle = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < built.length; i++) {
				built[i] = HttpRequest.builder("POST", URI_).header("Content-Type", "text/plain").build();
			}
			long end = ThreadAllocations.ofCurrentThread();
			none = Math.min(none, (middle - start) / built.length);
			one = Math.min(one, (end - middle) / built.length);
		}
		// the builder (48 B) and the request (48 B); a header adds its builder (24), fields (48) and list (40)
		assertThat(none).as("bytes per request without headers").isLessThanOrEqualTo(96);
		assertThat(one).as("bytes per request with one header").isLessThanOrEqualTo(96 + 24 + 48 + 40);
		assertThat(built[0].headers().first("Content-Type")).isEqualTo("text/plain");
	}

}
