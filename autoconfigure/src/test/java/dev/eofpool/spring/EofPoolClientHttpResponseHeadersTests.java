package dev.eofpool.spring;

import java.util.ArrayList;
import java.util.List;

import dev.eofpool.transport.HttpHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The response's headers as Spring reads them, over the transport's fields without a copy. */
class EofPoolClientHttpResponseHeadersTests {

	private final HttpHeaders fields = HttpHeaders.builder()
		.add("Content-Type", "text/plain;charset=UTF-8")
		.add("Set-Cookie", "a=1")
		.add("X-Id", "7")
		.add("set-cookie", "b=2")
		.build();

	private final EofPoolClientHttpResponseHeaders view = new EofPoolClientHttpResponseHeaders(this.fields);

	private final org.springframework.http.HttpHeaders headers = org.springframework.http.HttpHeaders
		.readOnlyHttpHeaders(this.view);

	@Test
	void lookupsIgnoreCaseAndKeepEveryValueInOrder() {
		assertThat(this.view.get("SET-COOKIE")).containsExactly("a=1", "b=2");
		assertThat(this.view.getFirst("set-cookie")).isEqualTo("a=1");
		assertThat(this.view.containsKey("x-id")).isTrue();
		assertThat(this.view.containsKey("X-Missing")).isFalse();
		assertThat(this.view.get("X-Missing")).isNull();
		assertThat(this.view.get(42)).isNull();
		assertThat(this.headers.get("set-Cookie")).containsExactly("a=1", "b=2");
		assertThat(this.headers.getContentType()).isEqualTo(MediaType.parseMediaType("text/plain;charset=UTF-8"));
	}

	@Test
	void eachNameOnceAsFirstSpelledInTheOrderReceived() {
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

	@Test
	void everyChangeIsRefused() {
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
