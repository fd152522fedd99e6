package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.eofpool.testfixtures.TestServer;

/**
 * The EOF gate holds for the bulk reads ({@code readNBytes}, {@code readAllBytes}, {@code transferTo}) and for the
 * one-byte mark Spring peeks with: each leaves the connection idle before it returns, on one connection the server
 * counts, for bodies of 0, 1 and many bytes, framed by length or chunked.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BulkReadsTest {

	/** How a caller reads the body to its end. */
	enum Reading {

		READ_N_BYTES {
			@Override
			byte[] read(InputStream body, int size) throws Exception {
				return body.readNBytes(size); // exactly the body: a parser that never asks for -1
			}
		},
		READ_ALL_BYTES {
			@Override
			byte[] read(InputStream body, int size) throws Exception {
				return body.readAllBytes();
			}
		},
		TRANSFER_TO {
			@Override
			byte[] read(InputStream body, int size) throws Exception {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				assertThat(body.transferTo(out)).isEqualTo(size);
				return out.toByteArray();
			}
		},
		MARK_READ_RESET {
			@Override
			byte[] read(InputStream body, int size) throws Exception {
				// Spring's peek for an empty body, then its converter's read
				assertThat(body.markSupported()).isTrue();
				body.mark(1);
				int first = body.read();
				assertThat(first).isEqualTo((size == 0) ? -1 : pattern(1)[0]);
				body.reset();
				return body.readNBytes(size);
			}
		},
		MARK_READ_RESET_READ {
			@Override
			byte[] read(InputStream body, int size) throws Exception {
				// the marked byte is read again with read(), then the rest with read(byte[]) to -1
				body.mark(1);
				int first = body.read();
				body.reset();
				assertThat(body.read()).isEqualTo(first);
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				if (first >= 0) {
					out.write(first);
				}
				byte[] buffer = new byte[3000];
				int n;
				while ((n = body.read(buffer)) >= 0) {
					out.write(buffer, 0, n);
				}
				return out.toByteArray();
			}
		};

		abstract byte[] read(InputStream body, int size) throws Exception;

	}

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	@ParameterizedTest
	@CsvSource({ "READ_N_BYTES,0", "READ_N_BYTES,1", "READ_N_BYTES,100000", "READ_ALL_BYTES,0", "READ_ALL_BYTES,1",
			"READ_ALL_BYTES,100000", "TRANSFER_TO,0", "TRANSFER_TO,1", "TRANSFER_TO,100000", "MARK_READ_RESET,0",
			"MARK_READ_RESET,1", "MARK_READ_RESET,100000", "MARK_READ_RESET_READ,0", "MARK_READ_RESET_READ,1",
			"MARK_READ_RESET_READ,100000" })
	void eachReadingLeavesTheConnectionIdleBeforeItReturns(Reading reading, int size) throws Exception {
		for (boolean chunked : new boolean[] { false, true }) {
			if (chunked && size == 0 && reading == Reading.READ_N_BYTES) {
				continue; // readNBytes(0) reads nothing, so not the empty chunked body's framing either
			}
			TestServer server = this.env.responding((c, r) -> c.write(response(size, chunked)));
			HttpTransport transport = this.env.transport(TransportConfig.defaults());
			for (int i = 0; i < 10; i++) {
				HttpResponse response = transport.send(HttpRequest.get(server.uri("/")));
				byte[] body = reading.read(response.body(), size);
				// no close(): the call that read the last byte already put the connection back
				assertThat(body).as("%s of %d bytes, chunked %s", reading, size, chunked).isEqualTo(pattern(size));
				RouteStats total = transport.stats().total();
				assertThat(total.leased()).as("leased after %s returned", reading).isZero();
				assertThat(total.idle()).isEqualTo(1);
				assertThat(response.body().read()).isEqualTo(-1);
				response.close();
			}
			assertThat(server.accepted()).as("connections the server accepted").isEqualTo(1);
			RouteStats total = transport.stats().total();
			assertThat(total.reusedRequests()).isEqualTo(9);
			assertThat(total.closedByReason().values()).containsOnly(0L);
			PoolAssertions.assertBalanced(transport.stats());
		}
	}

	@ParameterizedTest
	@CsvSource({ "READ_N_BYTES", "READ_ALL_BYTES", "TRANSFER_TO", "MARK_READ_RESET" })
	void aTruncatedBodyFailsNamingTheHostAndClosesTheConnection(Reading reading) throws Exception {
		TestServer server = this.env.start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
			c.write(pattern(30_000));
			c.close();
		});
		HttpTransport transport = this.env.transport(TransportConfig.defaults());
		HttpResponse response = transport.send(HttpRequest.get(server.uri("/")));
		assertThatExceptionOfType(TruncatedBodyException.class)
			.isThrownBy(() -> reading.read(response.body(), 100_000))
			.withMessageContaining(server.uri("/").getHost() + ":" + server.port())
			.withMessageContaining("ended after 30000 of 100000 bytes");
		assertThat(transport.stats().total().closedByReason()).containsEntry(CloseReason.TRUNCATED_BODY, 1L);
		assertThat(transport.stats().total().leased()).isZero();
	}

	@Test
	void aResetMoreThanOneByteBackFailsAndLeavesTheBodyReadable() throws Exception {
		TestServer server = this.env.responding((c, r) -> c.write(response(100, false)));
		HttpTransport transport = this.env.transport(TransportConfig.defaults());
		HttpResponse response = transport.send(HttpRequest.get(server.uri("/")));
		InputStream body = response.body();
		assertThatExceptionOfType(java.io.IOException.class).isThrownBy(body::reset).withMessageContaining("no mark");
		body.mark(10);
		byte[] two = body.readNBytes(2);
		assertThatExceptionOfType(java.io.IOException.class).isThrownBy(body::reset)
			.withMessageContaining("more than one byte was read since the mark")
			.withMessageContaining(server.uri("/").getHost());
		byte[] rest = body.readAllBytes();
		assertThat(two.length + rest.length).isEqualTo(100);
		assertThat(transport.stats().total().idle()).isEqualTo(1);
		assertThat(transport.stats().total().closedByReason().values()).containsOnly(0L);
	}

	private static byte[] response(int size, boolean chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (chunked) {
			out.writeBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			byte[] body = pattern(size);
			for (int off = 0; off < size; off += 7000) {
				int n = Math.min(7000, size - off);
				out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.write(body, off, n);
				out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		else {
			out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.writeBytes(pattern(size));
		}
		return out.toByteArray();
	}

	/** Bytes in a pattern repeating every 251, so a shifted or lost range shows. */
	static byte[] pattern(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) ('a' + (i % 251) % 26);
		}
		return bytes;
	}
}
