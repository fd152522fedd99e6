package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.http1.InflatingStream.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * {@link ContentDecoding}: when the transport negotiates, which responses it decodes (only gzip, x-gzip, deflate and
 * identity lists; none without a body), the headers the caller then sees, and the order codings are undone in.
 */
class ContentDecodingTest {

	private static final Route ROUTE = new Route("https", "api.test", 443);

	private static final HttpHeaders NONE = HttpHeaders.empty();

	private static final byte[] TEXT = "plain bytes for the caller, plain bytes for the caller"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void negotiatesOnlyWhenTheCallerSetNoAcceptEncodingAndNoRange() {
		assertThat(ContentDecoding.negotiates(NONE)).isTrue();
		assertThat(ContentDecoding.negotiates(headers("Accept", "*/*"))).isTrue();
		assertThat(ContentDecoding.negotiates(headers("accept-encoding", "gzip"))).isFalse();
		assertThat(ContentDecoding.negotiates(headers("Accept-Encoding", "identity"))).isFalse();
		assertThat(ContentDecoding.negotiates(headers("Range", "bytes=0-99"))).isFalse();
		assertThat(ContentDecoding.ACCEPT_ENCODING).isEqualTo("gzip, deflate");
	}

	@Test
	void gzipResponseIsDecodedWithoutContentEncodingAndContentLength() {
		HttpHeaders response = headers("Content-Type", "text/plain", "Content-Encoding", "gzip", "Vary",
				"Accept-Encoding", "content-length", "123", "Set-Cookie", "a=1", "Set-Cookie", "b=2");
		ContentDecoding.Plan plan = ContentDecoding.plan("GET", 200, NONE, response);
		assertThat(plan.codings()).containsExactly(Format.GZIP);
		assertThat(plan.headers()).hasToString("[Content-Type: text/plain, Vary: Accept-Encoding, Set-Cookie: a=1, "
				+ "Set-Cookie: b=2]");
		assertThat(response.first("Content-Encoding")).isEqualTo("gzip");
	}

	@Test
	void everyDecodableListIsReadInTheOrderApplied() {
		assertThat(codings("gzip")).containsExactly(Format.GZIP);
		assertThat(codings("x-gzip")).containsExactly(Format.GZIP);
		assertThat(codings("GZip")).containsExactly(Format.GZIP);
		assertThat(codings("deflate")).containsExactly(Format.DEFLATE);
		assertThat(codings("gzip, gzip")).containsExactly(Format.GZIP, Format.GZIP);
		assertThat(codings("deflate,gzip")).containsExactly(Format.DEFLATE, Format.GZIP);
		assertThat(codings("identity, gzip")).containsExactly(Format.GZIP);
		assertThat(codings(" gzip ,, identity ")).containsExactly(Format.GZIP);
		HttpHeaders twoFields = headers("Content-Encoding", "deflate", "Content-Encoding", "gzip");
		assertThat(ContentDecoding.plan("POST", 201, NONE, twoFields).codings()).containsExactly(Format.DEFLATE,
				Format.GZIP);
	}

	@ParameterizedTest
	@ValueSource(strings = { "br", "gzip, br", "br, gzip", "compress", "zstd", "gzip;q=1", "x-custom, deflate",
			"identity", "identity, identity", "", " , " })
	void anyOtherCodingLeavesTheResponseAsSent(String contentEncoding) {
		assertThat(ContentDecoding.plan("GET", 200, NONE, headers("Content-Encoding", contentEncoding))).isNull();
	}

	@Test
	void responsesWithoutABodyOrNotNegotiatedAreLeftAsSent() {
		HttpHeaders gzip = headers("Content-Encoding", "gzip", "Content-Length", "20");
		assertThat(ContentDecoding.plan("HEAD", 200, NONE, gzip)).isNull();
		assertThat(ContentDecoding.plan("GET", 204, NONE, gzip)).isNull();
		assertThat(ContentDecoding.plan("GET", 304, NONE, gzip)).isNull();
		assertThat(ContentDecoding.plan("GET", 206, NONE, gzip)).isNull();
		assertThat(ContentDecoding.plan("GET", 200, headers("Accept-Encoding", "gzip"), gzip)).isNull();
		assertThat(ContentDecoding.plan("GET", 200, headers("Range", "bytes=5-"), gzip)).isNull();
		assertThat(ContentDecoding.plan("GET", 200, NONE, headers("Content-Length", "20"))).isNull();
		assertThat(ContentDecoding.plan("GET", 404, NONE, gzip)).isNotNull();
	}

	@Test
	void decodedHeadersAreTheSameInstanceWhenNothingIsDropped() {
		HttpHeaders plain = headers("Content-Type", "text/plain");
		assertThat(ContentDecoding.decodedHeaders(plain)).isSameAs(plain);
	}

	@Test
	void codingsAreUndoneLastAppliedFirst() throws IOException {
		// "deflate, gzip": deflate was applied first, then gzip over it
		byte[] wire = InflatingStreamTest.gzip(InflatingStreamTest.zlib(TEXT, 6));
		ContentDecoding.Plan plan = ContentDecoding.plan("GET", 200, NONE, headers("Content-Encoding",
				"deflate, gzip"));
		RecordingStream body = new RecordingStream(wire, 5);
		try (InputStream decoded = plan.wrap(body, ROUTE, 0, "maxDecodedSize")) {
			assertThat(decoded.readAllBytes()).isEqualTo(TEXT);
			assertThat(body.atEof()).isTrue();
		}
		assertThat(body.closed).isTrue();
		// gzip twice
		byte[] twice = InflatingStreamTest.gzip(InflatingStreamTest.gzip(TEXT));
		try (InputStream decoded = ContentDecoding.plan("GET", 200, NONE, headers("Content-Encoding", "gzip, gzip"))
			.wrap(new RecordingStream(twice), ROUTE, -1, "maxDecodedSize")) {
			assertThat(decoded.readAllBytes()).isEqualTo(TEXT);
		}
	}

	@Test
	void theCapHoldsForEveryLayer() {
		byte[] twice = InflatingStreamTest.gzip(InflatingStreamTest.gzip(TEXT));
		InputStream decoded = ContentDecoding.plan("GET", 200, NONE, headers("Content-Encoding", "gzip, gzip"))
			.wrap(new RecordingStream(twice), ROUTE, TEXT.length - 1, "the-cap-setting");
		assertThatIOException().isThrownBy(decoded::readAllBytes)
			.withMessageContaining("https://api.test:443")
			.withMessageContaining("the-cap-setting");
	}

	private static List<Format> codings(String value) {
		return ContentDecoding.plan("GET", 200, NONE, headers("Content-Encoding", value)).codings();
	}

	static HttpHeaders headers(String... namesAndValues) {
		HttpHeaders.Builder builder = HttpHeaders.builder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			builder.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return builder.build();
	}

}
