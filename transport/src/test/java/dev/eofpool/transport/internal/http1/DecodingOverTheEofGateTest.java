package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/**
 * The decoders over real EOF-gated bodies from a scripted server, wired by hand the way the response path will wire
 * them: the connection is idle as soon as the decoded stream's read returns -1 (fixed and chunked framings), a
 * close-delimited body decodes exactly and closes, {@code gzip, chunked} decodes through {@link TransferCodings}, and a
 * corrupt body fails naming the route while its connection is settled by the body's own drain rules.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DecodingOverTheEofGateTest {

	private static final byte[] CONTENT = InflatingStreamTest.text(300_000, 7);

	/** The transport's own decoding off: these tests put the decoders over the body themselves. */
	private static final TransportConfig UNDECODED = TransportConfig.builder().compression(false).build();

	private TestServer server;

	private HttpTransport transport;

	@AfterEach
	void close() throws Exception {
		if (this.transport != null) {
			this.transport.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "gzip", "deflate", "x-gzip, identity", "deflate, gzip" })
	void fixedLengthBodyReleasesInsideTheDecodedFinalRead(String coding) throws Exception {
		byte[] encoded = encode(coding, CONTENT);
		serve(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: " + coding + "\r\nContent-Length: " + encoded.length
				+ "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), encoded));
		for (int i = 0; i < 10; i++) {
			HttpResponse response = send();
			ContentDecoding.Plan plan = ContentDecoding.plan("GET", 200, HttpHeaders.empty(), response.headers());
			assertThat(plan.headers().contains("Content-Length")).isFalse();
			assertThat(readToEof(plan.wrap(response.body(), route(), 0, "maxDecodedSize"))).isEqualTo(CONTENT);
			assertThat(this.transport.stats().total().idle()).isEqualTo(1);
			assertThat(this.transport.stats().total().leased()).isZero();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void chunkedBodyReleasesInsideTheDecodedFinalRead() throws Exception {
		byte[] encoded = InflatingStreamTest.gzip(CONTENT);
		serve(concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
			.getBytes(StandardCharsets.ISO_8859_1), chunked(encoded, 1000)));
		for (int i = 0; i < 10; i++) {
			HttpResponse response = send();
			InputStream decoded = ContentDecoding.plan("GET", 200, HttpHeaders.empty(), response.headers())
				.wrap(response.body(), route(), 0, "maxDecodedSize");
			assertThat(readToEof(decoded)).isEqualTo(CONTENT);
			assertThat(this.transport.stats().total().idle()).isEqualTo(1);
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void gzipBeforeChunkedIsUndoneAsATransferCoding() throws Exception {
		byte[] encoded = InflatingStreamTest.gzip(CONTENT);
		serve(concat("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
				chunked(encoded, 777)));
		for (int i = 0; i < 3; i++) {
			HttpResponse response = send();
			TransferCodings codings = TransferCodings.parse(response.headers().all("Transfer-Encoding"), route());
			assertThat(codings.chunked()).isTrue();
			assertThat(readToEof(codings.decode(response.body(), route(), 0, "maxDecodedSize"))).isEqualTo(CONTENT);
			assertThat(this.transport.stats().total().idle()).isEqualTo(1);
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void closeDelimitedBodyDecodesExactly() throws Exception {
		byte[] encoded = InflatingStreamTest.zlib(CONTENT, 9);
		byte[] head = "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nConnection: close\r\n\r\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		this.server = TestServer.start((c) -> {
			if (c.readRequest() != null) {
				c.write(concat(head, encoded));
				c.close();
			}
		});
		this.transport = new HttpTransport(UNDECODED);
		HttpResponse response = send();
		InputStream decoded = ContentDecoding.plan("GET", 200, HttpHeaders.empty(), response.headers())
			.wrap(response.body(), route(), 0, "maxDecodedSize");
		assertThat(readToEof(decoded)).isEqualTo(CONTENT);
		assertThat(this.transport.stats().total().leased()).isZero();
		assertThat(this.transport.stats().total().idle()).isZero();
	}

	@Test
	void corruptBodyFailsNamingTheRouteAndItsConnectionIsSettled() throws Exception {
		byte[] encoded = InflatingStreamTest.gzip(CONTENT);
		for (int i = 10; i < 30; i++) {
			encoded[i] = (byte) 0xFF;
		}
		serve(concat(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + encoded.length + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1), encoded));
		HttpResponse response = send();
		InputStream decoded = ContentDecoding.plan("GET", 200, HttpHeaders.empty(), response.headers())
			.wrap(response.body(), route(), 0, "maxDecodedSize");
		assertThatExceptionOfType(HttpProtocolException.class).isThrownBy(() -> readToEof(decoded))
			.withMessageContaining(route().toString());
		// the decoder closed the body: drained within its bounds, or closed; never left leased
		assertThat(this.transport.stats().total().leased()).isZero();
		Long closed = this.transport.stats().total().closedByReason().get(CloseReason.DRAIN_LIMIT);
		assertThat(this.transport.stats().total().idle() + closed).isEqualTo(1);
	}

	private void serve(byte[] response) throws Exception {
		this.server = TestServer.responding((c, r) -> c.write(response));
		this.transport = new HttpTransport(UNDECODED);
	}

	private HttpResponse send() throws Exception {
		return this.transport.send(HttpRequest.get(this.server.uri("/x")));
	}

	private Route route() {
		return Route.of(this.server.uri("/"));
	}

	private static byte[] encode(String coding, byte[] content) {
		byte[] encoded = content;
		for (InflatingStream.Format format : ContentDecoding.codings(java.util.List.of(coding))) {
			encoded = (format == InflatingStream.Format.GZIP) ? InflatingStreamTest.gzip(encoded)
					: InflatingStreamTest.zlib(encoded, 6);
		}
		return encoded;
	}

	/** {@code data} framed in chunks of {@code size} bytes (the last one shorter), then the last chunk. */
	static byte[] chunked(byte[] data, int size) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < data.length; i += size) {
			int n = Math.min(size, data.length - i);
			out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(data, i, n);
			out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}

	private static byte[] concat(byte[] a, byte[] b) {
		return InflatingStreamTest.concat(a, b);
	}

	private static byte[] readToEof(InputStream in) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[4099];
		int n;
		while ((n = in.read(buffer)) != -1) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

}
