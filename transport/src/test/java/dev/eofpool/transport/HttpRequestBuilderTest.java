package dev.eofpool.transport;

import java.net.URI;

import org.junit.jupiter.api.Test;

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

}
