package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.http1.InflatingStream.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TransferCodings}: chunked alone, gzip and deflate before chunked (decoded), codings without chunked (read
 * until close), and everything refused: unknown codings, parameters, chunked not last or twice, an empty list.
 */
class TransferCodingsTest {

	private static final Route ROUTE = new Route("http", "te.test", 8081);

	@Test
	void chunkedAloneIsTheCommonCase() throws HttpProtocolException {
		assertThat(TransferCodings.parse(List.of("chunked"), ROUTE)).isSameAs(TransferCodings.CHUNKED);
		TransferCodings upper = TransferCodings.parse(List.of(" Chunked "), ROUTE);
		assertThat(upper.chunked()).isTrue();
		assertThat(upper.coded()).isFalse();
		assertThat(TransferCodings.parse(List.of("identity, chunked"), ROUTE)).isEqualTo(TransferCodings.CHUNKED);
	}

	@Test
	void gzipAndDeflateBeforeChunkedAreDecoded() throws HttpProtocolException {
		assertThat(TransferCodings.parse(List.of("gzip, chunked"), ROUTE))
			.isEqualTo(new TransferCodings(true, List.of(Format.GZIP)));
		assertThat(TransferCodings.parse(List.of("X-GZIP,chunked"), ROUTE))
			.isEqualTo(new TransferCodings(true, List.of(Format.GZIP)));
		assertThat(TransferCodings.parse(List.of("deflate", "gzip", "chunked"), ROUTE))
			.isEqualTo(new TransferCodings(true, List.of(Format.DEFLATE, Format.GZIP)));
		assertThat(TransferCodings.parse(List.of("gzip, chunked"), ROUTE).coded()).isTrue();
	}

	@Test
	void withoutChunkedLastTheBodyIsReadUntilClose() throws HttpProtocolException {
		assertThat(TransferCodings.parse(List.of("gzip"), ROUTE))
			.isEqualTo(new TransferCodings(false, List.of(Format.GZIP)));
		assertThat(TransferCodings.parse(List.of("identity"), ROUTE))
			.isEqualTo(new TransferCodings(false, List.of()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "x-custom, chunked", "compress, chunked", "br", "gzip, x-custom, chunked",
			"gzip;level=1, chunked", "chunked;ext=1" })
	void anyOtherCodingIsRefusedNamingItAndTheRoute(String value) {
		String coding = value.contains("x-custom") ? "x-custom" : value.split(",")[0].strip();
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> TransferCodings.parse(List.of(value), ROUTE))
			.withMessageContaining("'" + coding + "'")
			.withMessageContaining("http://te.test:8081")
			.withMessageContaining("does not decode");
	}

	@ParameterizedTest
	@ValueSource(strings = { "chunked, gzip", "chunked, chunked", "chunked, identity" })
	void chunkedAnywhereButLastIsRefused(String value) {
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> TransferCodings.parse(List.of(value), ROUTE))
			.withMessageContaining("http://te.test:8081")
			.withMessageContaining("chunked may only be the last coding");
	}

	@Test
	void chunkedInAnEarlierFieldIsNotLast() {
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> TransferCodings.parse(List.of("chunked", "gzip"), ROUTE))
			.withMessageContaining("[chunked, gzip]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", " , ," })
	void anEmptyListIsRefused(String value) {
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> TransferCodings.parse(List.of(value), ROUTE))
			.withMessageContaining("without a coding");
	}

	@Test
	void decodeUndoesTheCodingsOverTheDeframedBody() throws IOException {
		byte[] content = "chunks of gzip, decoded".getBytes(StandardCharsets.UTF_8);
		RecordingStream deframed = new RecordingStream(InflatingStreamTest.gzip(content), 4);
		TransferCodings codings = TransferCodings.parse(List.of("gzip, chunked"), ROUTE);
		try (InputStream in = codings.decode(deframed, ROUTE, 0, "maxDecodedSize")) {
			assertThat(in.readAllBytes()).isEqualTo(content);
			assertThat(deframed.atEof()).isTrue();
		}
		RecordingStream plain = new RecordingStream(content);
		assertThat(TransferCodings.CHUNKED.decode(plain, ROUTE, 0, "maxDecodedSize")).isSameAs(plain);
	}

	@Test
	void decodedHeadersShowOnlyWhatIsLeft() throws HttpProtocolException {
		HttpHeaders chunked = ContentDecodingTest.headers("Transfer-Encoding", "gzip", "Date", "today",
				"Transfer-Encoding", "chunked");
		assertThat(TransferCodings.parse(chunked.all("Transfer-Encoding"), ROUTE).decodedHeaders(chunked))
			.hasToString("[Transfer-Encoding: chunked, Date: today]");
		HttpHeaders untilClose = ContentDecodingTest.headers("Transfer-Encoding", "gzip", "Date", "today");
		assertThat(TransferCodings.parse(untilClose.all("Transfer-Encoding"), ROUTE).decodedHeaders(untilClose))
			.hasToString("[Date: today]");
		HttpHeaders plain = ContentDecodingTest.headers("Transfer-Encoding", "chunked");
		assertThat(TransferCodings.CHUNKED.decodedHeaders(plain)).isSameAs(plain);
	}

}
