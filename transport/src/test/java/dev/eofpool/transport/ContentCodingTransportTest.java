package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.eofpool.testfixtures.RecordedRequest;
import dev.eofpool.testfixtures.TestServer;

/**
 * Content and transfer codings on the response path, against scripted servers: gzip and deflate undone for every
 * framing with the connection reused when the framing allows (counted on the server), the decoded-size cap, a corrupt
 * stream, {@code gzip, chunked} decoded and an unknown transfer coding refused, a caller's own
 * {@code Accept-Encoding} left alone, and compression turned off.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContentCodingTransportTest {

	private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(200);

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

	static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(plain);
		}
		return out.toByteArray();
	}

	static byte[] deflate(byte[] plain, boolean raw) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
		try (DeflaterOutputStream d = new DeflaterOutputStream(out, deflater)) {
			d.write(plain);
		}
		finally {
			deflater.end();
		}
		return out.toByteArray();
	}

	static byte[] encode(String coding, byte[] plain) throws IOException {
		switch (coding) {
			case "gzip":
				return gzip(plain);
			case "deflate":
				return deflate(plain, false);
			case "raw-deflate":
				return deflate(plain, true);
			default:
				throw new IllegalArgumentException(coding);
		}
	}

	/** The coded bytes as chunks of at most 700 bytes, last chunk included. */
	static byte[] chunked(byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int at = 0; at < body.length; at += 700) {
			int n = Math.min(700, body.length - at);
			out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body, at, n);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	static byte[] concat(String head, byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(body);
		return out.toByteArray();
	}

	private HttpTransport transport(TransportConfig.Builder config) {
		this.transport = new HttpTransport(config.build());
		return this.transport;
	}

	private static String text(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "gzip, fixed", "gzip, chunked", "gzip, close", "deflate, fixed", "deflate, chunked",
			"deflate, close", "raw-deflate, fixed", "raw-deflate, chunked", "raw-deflate, close" })
	void codedBodiesAreDecodedExactlyForEveryFraming(String coding, String framing) throws Exception {
		byte[] coded = encode(coding, TEXT.getBytes(StandardCharsets.ISO_8859_1));
		String token = coding.equals("gzip") ? "gzip" : "deflate";
		this.server = TestServer.start((c) -> {
			RecordedRequest r;
			while ((r = c.readRequest()) != null) {
				assertThat(r.header("Accept-Encoding")).isEqualTo("gzip, deflate");
				String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: " + token + "\r\n";
				switch (framing) {
					case "fixed" -> c.write(concat(head + "Content-Length: " + coded.length + "\r\n\r\n", coded));
					case "chunked" -> c.write(concat(head + "Transfer-Encoding: chunked\r\n\r\n", chunked(coded)));
					default -> {
						c.write(concat(head + "\r\n", coded));
						c.close();
						return;
					}
				}
			}
		});
		transport(TransportConfig.builder());
		for (int i = 0; i < 3; i++) {
			try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/text")))) {
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.headers().contains("Content-Encoding")).isFalse();
				assertThat(response.headers().contains("Content-Length")).isFalse();
				assertThat(response.headers().first("Content-Type")).isEqualTo("text/plain");
				assertThat(text(response.body())).isEqualTo(TEXT);
			}
		}
		assertThat(this.server.accepted()).isEqualTo(framing.equals("close") ? 3 : 1);
		PoolAssertions.assertBalanced(this.transport.stats());
		assertThat(this.transport.stats().total().idle()).isEqualTo(framing.equals("close") ? 0 : 1);
	}

	@Test
	void gzipBeforeChunkedIsDecodedAndTheConnectionReused() throws Exception {
		byte[] coded = gzip(TEXT.getBytes(StandardCharsets.ISO_8859_1));
		this.server = TestServer.responding((c, r) -> c
			.write(concat("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", chunked(coded))));
		transport(TransportConfig.builder().compression(false));
		for (int i = 0; i < 2; i++) {
			try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/te")))) {
				assertThat(response.headers().all("Transfer-Encoding")).containsExactly("chunked");
				assertThat(text(response.body())).isEqualTo(TEXT);
			}
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
	}

	@Test
	void unknownTransferCodingIsRefusedNamingItAndTheRouteAndTheConnectionClosed() throws Exception {
		java.util.concurrent.CompletableFuture<Boolean> clientClosed = new java.util.concurrent.CompletableFuture<>();
		this.server = TestServer.start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: x-custom, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
			clientClosed.complete(c.awaitClientClose());
		});
		transport(TransportConfig.builder());
		assertThatThrownBy(() -> this.transport.send(HttpRequest.get(this.server.uri("/x"))))
			.isInstanceOf(HttpProtocolException.class)
			.hasMessageContaining("'x-custom'")
			.hasMessageContaining("127.0.0.1:" + this.server.port());
		assertThat(clientClosed.get(5, TimeUnit.SECONDS)).isTrue();
		PoolAssertions.assertBalanced(this.transport.stats());
		assertThat(this.transport.stats().total().idle()).isZero();
	}

	@Test
	void decodedSizeOverTheCapFailsNamingTheSetting() throws Exception {
		byte[] coded = gzip(new byte[1_000_000]);
		this.server = TestServer.responding((c, r) -> c.write(concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
				+ "Content-Length: " + coded.length + "\r\n\r\n", coded)));
		transport(TransportConfig.builder().maxDecodedSize(64 * 1024));
		try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/bomb")))) {
			assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class)
				.hasMessageContaining("TransportConfig.Builder.maxDecodedSize")
				.hasMessageContaining("127.0.0.1:" + this.server.port());
		}
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void corruptGzipIsAClearErrorNamingTheRoute() throws Exception {
		byte[] coded = gzip(TEXT.getBytes(StandardCharsets.ISO_8859_1));
		coded[coded.length / 2] ^= 0x55;
		this.server = TestServer.responding((c, r) -> c.write(concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
				+ "Content-Length: " + coded.length + "\r\n\r\n", coded)));
		transport(TransportConfig.builder());
		try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/corrupt")))) {
			assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class)
				.hasMessageContaining("127.0.0.1:" + this.server.port())
				.hasMessageContaining("decoded");
		}
		PoolAssertions.assertBalanced(this.transport.stats());
		assertThat(this.transport.stats().total().leased()).isZero();
	}

	@Test
	void callerWithItsOwnAcceptEncodingGetsTheBytesAsSent() throws Exception {
		byte[] coded = gzip(TEXT.getBytes(StandardCharsets.ISO_8859_1));
		this.server = TestServer.responding((c, r) -> {
			assertThat(r.header("Accept-Encoding")).isEqualTo("gzip");
			c.write(concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + coded.length
					+ "\r\n\r\n", coded));
		});
		transport(TransportConfig.builder());
		try (HttpResponse response = this.transport
			.send(HttpRequest.builder("GET", this.server.uri("/own")).header("Accept-Encoding", "gzip").build())) {
			assertThat(response.headers().first("Content-Encoding")).isEqualTo("gzip");
			assertThat(response.headers().first("Content-Length")).isEqualTo(Integer.toString(coded.length));
			assertThat(response.body().readAllBytes()).isEqualTo(coded);
		}
		assertThat(this.server.requests()).hasSize(1);
		assertThat(this.server.requests().get(0).headers().get("accept-encoding")).containsExactly("gzip");
	}

	@Test
	void compressionOffSendsNoAcceptEncodingAndLeavesTheBody() throws Exception {
		byte[] coded = gzip(TEXT.getBytes(StandardCharsets.ISO_8859_1));
		this.server = TestServer.responding((c, r) -> c.write(concat("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
				+ "Content-Length: " + coded.length + "\r\n\r\n", coded)));
		transport(TransportConfig.builder().compression(false));
		try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/off")))) {
			assertThat(response.headers().first("Content-Encoding")).isEqualTo("gzip");
			assertThat(response.body().readAllBytes()).isEqualTo(coded);
		}
		assertThat(this.server.requests().get(0).header("Accept-Encoding")).isNull();
		assertThat(this.server.requests().get(0).rawHead()).doesNotContainIgnoringCase("accept-encoding");
	}

	@Test
	void uncodedResponsesAreUntouched() throws Exception {
		this.server = TestServer.responding((c, r) -> c.respond(200, "plain"));
		transport(TransportConfig.builder());
		try (HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/plain")))) {
			assertThat(response.headers().first("Content-Length")).isEqualTo("5");
			assertThat(text(response.body())).isEqualTo("plain");
		}
		assertThat(this.server.requests().get(0).header("Accept-Encoding")).isEqualTo("gzip, deflate");
	}
}
