package dev.eofpool.spring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.eofpool.transport.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
		HttpHeaders.Builder built = HttpHeaders.builder();
		StringBuilder received = new StringBuilder();
		int[] spans = new int[4 * FIELDS.length];
		for (int i = 0; i < FIELDS.length; i++) {
			built.add(FIELDS[i][0], FIELDS[i][1]);
			spans[4 * i] = received.length();
			received.append(FIELDS[i][0]);
			spans[4 * i + 1] = received.length();
			received.append(": \t");
			spans[4 * i + 2] = received.length();
			received.append(FIELDS[i][1]);
			spans[4 * i + 3] = received.length();
			received.append(" \r\n");
		}
		byte[] block = received.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
		return Stream.of(built.build(), HttpHeaders.ofBlock(block, spans, FIELDS.length));
	}

	private EofPoolClientHttpResponseHeaders view;

	private org.springframework.http.HttpHeaders headers;

	private void over(HttpHeaders fields) {
		this.view = new EofPoolClientHttpResponseHeaders(fields);
		this.headers = org.springframework.http.HttpHeaders.readOnlyHttpHeaders(this.view);
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

}
