package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;

/** The framing chooser, the Content-Length rules and the keep-alive rules, without a socket. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BodyFramingTest {

	private static final Route ROUTE = new Route("http", "example.test", 80);

	@ParameterizedTest
	@ValueSource(ints = { 100, 103, 204, 304 })
	void statusesWithoutABody(int status) {
		assertThat(BodyFraming.of("GET", head(1, status, "Content-Length", "5"))).isEqualTo(BodyFraming.NONE);
	}

	@Test
	void noBodyAfterHeadWhateverTheHeaders() {
		assertThat(BodyFraming.of("HEAD", head(1, 200, "Transfer-Encoding", "chunked"))).isEqualTo(BodyFraming.NONE);
		assertThat(BodyFraming.NONE.noReuse()).isNull();
	}

	@Test
	void chunkedWinsOverContentLengthAndThenTheConnectionIsNotReused() {
		BodyFraming both = BodyFraming.of("GET", head(1, 200, "Content-Length", "5", "Transfer-Encoding", "chunked"));
		assertThat(both).isEqualTo(BodyFraming.CHUNKED_WITH_CONTENT_LENGTH);
		assertThat(both.noReuse()).isEqualTo(CloseReason.CHUNKED_WITH_CONTENT_LENGTH);
		BodyFraming chunked = BodyFraming.of("GET", head(1, 200, "Transfer-Encoding", "gzip, chunked"));
		assertThat(chunked).isEqualTo(BodyFraming.CHUNKED);
		assertThat(chunked.noReuse()).isNull();
	}

	@Test
	void aTransferCodingNotEndingInChunkedIsReadUntilClose() {
		BodyFraming framing = BodyFraming.of("GET", head(1, 200, "Transfer-Encoding", "chunked, gzip",
				"Content-Length", "5"));
		assertThat(framing).isEqualTo(BodyFraming.UNTIL_CLOSE);
		assertThat(framing.noReuse()).isEqualTo(CloseReason.READ_UNTIL_CLOSE);
	}

	@Test
	void contentLengthOrElseUntilClose() {
		assertThat(BodyFraming.of("GET", head(1, 200, "Content-Length", "5"))).isEqualTo(BodyFraming.CONTENT_LENGTH);
		assertThat(BodyFraming.CONTENT_LENGTH.noReuse()).isNull();
		assertThat(BodyFraming.of("POST", head(1, 200))).isEqualTo(BodyFraming.UNTIL_CLOSE);
	}

	@Test
	void repeatedOrListedContentLengthsMustAgree() throws HttpProtocolException {
		assertThat(BodyFraming.contentLength(List.of("42"), ROUTE)).isEqualTo(42);
		assertThat(BodyFraming.contentLength(List.of(" 42 "), ROUTE)).isEqualTo(42);
		assertThat(BodyFraming.contentLength(List.of("42, 42", "42"), ROUTE)).isEqualTo(42);
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> BodyFraming.contentLength(List.of("42", "43"), ROUTE))
			.withMessage("Conflicting Content-Length values from " + ROUTE + ": [42, 43]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-1", "+5", "5x", "1,", "0x10", "1000000000000000000" })
	void anInvalidContentLengthIsAProtocolErrorNamingTheRoute(String value) {
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> BodyFraming.contentLength(List.of(value), ROUTE))
			.withMessage("Invalid Content-Length from " + ROUTE + ": '" + value + "'");
	}

	@Test
	void connectionCloseFromEitherSideAndHttp10WithoutKeepAliveForbidReuse() {
		HttpHeaders none = HttpHeaders.empty();
		HttpHeaders close = HttpHeaders.builder().add("Connection", "close").build();
		assertThat(KeepAliveRules.noReuse(none, head(1, 200))).isNull();
		assertThat(KeepAliveRules.noReuse(close, head(1, 200, "Connection", "close")))
			.isEqualTo(CloseReason.CLIENT_CONNECTION_CLOSE);
		assertThat(KeepAliveRules.noReuse(none, head(1, 200, "Connection", "Close")))
			.isEqualTo(CloseReason.SERVER_CONNECTION_CLOSE);
		assertThat(KeepAliveRules.noReuse(none, head(0, 200))).isEqualTo(CloseReason.HTTP_1_0);
		assertThat(KeepAliveRules.noReuse(none, head(0, 200, "Connection", "keep-alive"))).isNull();
	}

	@Test
	void keepAliveHintValuesAreOneToNineDigits() {
		assertThat(KeepAliveRules.hintValue("5")).isEqualTo(5);
		assertThat(KeepAliveRules.hintValue("999999999")).isEqualTo(999_999_999);
		assertThat(KeepAliveRules.hintValue("1000000000")).isEqualTo(-1);
		assertThat(KeepAliveRules.hintValue("5s")).isEqualTo(-1);
		assertThat(KeepAliveRules.hintValue("")).isEqualTo(-1);
	}

	private static ResponseHead head(int minor, int status, String... nameValues) {
		List<String> fields = new ArrayList<>(List.of(nameValues));
		return new ResponseHead(minor, status, "", HttpHeaders.ofParsed(fields));
	}
}
