package dev.eofpool.spring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.testfixtures.ThreadAllocations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The response's headers as Spring reads them, over the transport's fields without a copy: fields built from strings,
 * and fields as the transport's parser leaves them (one received block, values made when asked).
 */
class EofPoolClientHttpResponseHeadersTests {

	private static final String[][] FIELDS = { { "Content-Type", "text/plain;charset=UTF-8" }, { "Set-Cookie", "a=1" },
			{ "X-Id", "7" }, { "set-cookie", "b=2" } };

	static Stream<HttpHeaders> forms() {
		return forms(FIELDS);
	}

	/** The fields built from strings, and as the transport's parser leaves them. */
	private static Stream<HttpHeaders> forms(String[][] fields) {
		HttpHeaders.Builder built = HttpHeaders.builder();
		for (String[] field : fields) {
			built.add(field[0], field[1]);
		}
		return Stream.of(built.build(), received(fields));
	}

	/** The fields as the transport's parser leaves them: one received block, values made when asked. */
	private static HttpHeaders received(String[][] fields) {
		StringBuilder received = new StringBuilder();
		int[] spans = new int[4 * fields.length];
		for (int i = 0; i < fields.length; i++) {
			spans[4 * i] = received.length();
			received.append(fields[i][0]);
			spans[4 * i + 1] = received.length();
			received.append(": \t");
			spans[4 * i + 2] = received.length();
			received.append(fields[i][1]);
			spans[4 * i + 3] = received.length();
			received.append(" \r\n");
		}
		byte[] block = received.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
		return HttpHeaders.ofBlock(block, spans, fields.length);
	}

	private EofPoolClientHttpResponseHeaders view;

	private org.springframework.http.HttpHeaders headers;

	private void over(HttpHeaders fields) {
		this.view = new EofPoolClientHttpResponseHeaders(fields);
		this.headers = EofPoolClientHttpResponseHeaders.readOnly(fields);
	}

	@ParameterizedTest
	@MethodSource("forms")
	void lookupsIgnoreCaseAndKeepEveryValueInOrder(HttpHeaders fields) {
		over(fields);
		assertThat(this.view.get("SET-COOKIE")).containsExactly("a=1", "b=2");
		assertThat(this.view.getFirst("set-cookie")).isEqualTo("a=1");
		assertThat(this.view.getFirst("X-ID")).isEqualTo("7").isSameAs(this.view.getFirst("x-id"));
		assertThat(this.view.containsKey("x-id")).isTrue();
		assertThat(this.view.containsKey("X-Missing")).isFalse();
		assertThat(this.view.get("X-Missing")).isNull();
		assertThat(this.view.get(42)).isNull();
		assertThat(this.headers.get("set-Cookie")).containsExactly("a=1", "b=2");
		assertThat(this.headers.getContentType()).isEqualTo(MediaType.parseMediaType("text/plain;charset=UTF-8"));
	}

	@ParameterizedTest
	@MethodSource("forms")
	void eachNameOnceAsFirstSpelledInTheOrderReceived(HttpHeaders fields) {
		over(fields);
		assertThat(this.view.keySet()).containsExactly("Content-Type", "Set-Cookie", "X-Id");
		assertThat(this.view.size()).isEqualTo(3);
		assertThat(this.view.isEmpty()).isFalse();
		List<String> walked = new ArrayList<>();
		this.headers.forEach((name, values) -> walked.add(name + "=" + values));
		assertThat(walked).containsExactly("Content-Type=[text/plain;charset=UTF-8]", "Set-Cookie=[a=1, b=2]",
				"X-Id=[7]");
		assertThat(this.headers.headerNames()).hasSize(3);
		assertThat(this.view.toSingleValueMap()).containsEntry("Set-Cookie", "a=1").hasSize(3);
		assertThat(new EofPoolClientHttpResponseHeaders(HttpHeaders.empty()).isEmpty()).isTrue();
	}

	@ParameterizedTest
	@MethodSource("forms")
	void everyChangeIsRefused(HttpHeaders fields) {
		over(fields);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.view.add("A", "b"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.view.set("A", "b"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.view.put("A", List.of("b")));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.view.remove("X-Id"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(this.view::clear);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.view.get("Set-Cookie").add("c=3"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.view.entrySet().iterator().next().setValue(List.of()));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.headers.add("A", "b"));
		assertThat(this.view.get("X-Id")).containsExactly("7");
	}

	@ParameterizedTest
	@MethodSource("forms")
	void aFieldReceivedOnceIsOneImmutableValue(HttpHeaders fields) {
		over(fields);
		assertThat(this.view.get("x-id")).containsExactly("7");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.view.get("X-Id").add("8"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.view.get("Set-Cookie").remove(0));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.headers.setContentType(MediaType.TEXT_HTML));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(this.headers::clearContentHeaders);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.headers.headerSet().iterator().next().setValue(List.of()));
	}

	/** {@code getContentLength()} and {@code getContentType()} answer as over Spring's own read-only headers. */
	@ParameterizedTest
	@ValueSource(strings = { "1024", "0", "", "5,5", "x", "-1", "123456789012345678", "1234567890123456789" })
	void contentLengthAndTypeAsSpringReadsThem(String length) {
		String[][] withLength = length.isEmpty() ? FIELDS
				: length.contains(",") ? new String[][] { { "Content-Length", "5" }, { "content-length", "5" } }
						: new String[][] { { "X-A", "1" }, { "Content-Length", length }, { "Content-Type", "text/html" } };
		forms(withLength).forEach((fields) -> {
			org.springframework.http.HttpHeaders ours = EofPoolClientHttpResponseHeaders.readOnly(fields);
			org.springframework.http.HttpHeaders spring = org.springframework.http.HttpHeaders
				.readOnlyHttpHeaders(new EofPoolClientHttpResponseHeaders(fields));
			Object expected;
			try {
				expected = spring.getContentLength();
			}
			catch (NumberFormatException ex) {
				expected = ex.getClass();
			}
			Object actual;
			try {
				actual = ours.getContentLength();
			}
			catch (NumberFormatException ex) {
				actual = ex.getClass();
			}
			assertThat(actual).as(length).isEqualTo(expected);
			assertThat(ours.getContentType()).isEqualTo(spring.getContentType()).isSameAs(ours.getContentType());
		});
	}

	/**
	 * What {@code RestClient} reads of a response's headers on every {@code retrieve().body(...)}: the length (is there
	 * a body), the type (twice: the client, the converter), and one field by {@code get}. Over Spring's read-only
	 * headers that makes the length's {@code String}, a list of two and its wrapper, and parses the type.
	 */
	@Test
	void theReadsOfEveryResponseAllocateLittle() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		String[][] fields = { { "Server", "nginx" }, { "Content-Type", "application/json" },
				{ "Content-Length", "1024" }, { "Cache-Control", "no-store" } };
		HttpHeaders[] responses = new HttpHeaders[1000];
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			for (int i = 0; i < responses.length; i++) {
				responses[i] = received(fields);
			}
			long start = ThreadAllocations.ofCurrentThread();
			for (HttpHeaders response : responses) {
				org.springframework.http.HttpHeaders headers = EofPoolClientHttpResponseHeaders.readOnly(response);
				headers.getContentLength();
				headers.getContentType();
				headers.getContentType();
				headers.get("Cache-Control");
			}
			least = Math.min(least, (ThreadAllocations.ofCurrentThread() - start) / responses.length);
		}
		// the two views (32 + 24 B), the strings of the type and the field asked for, and the list of one
		assertThat(least).as("bytes per response's reads").isLessThan(250);
	}

}
