package dev.eofpool.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TruncatedBodyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The response body as Spring's {@link RestClient} reads it: the transport's EOF-gated stream itself (it supports the
 * one-byte mark Spring peeks with, so Spring does not wrap it), read by the converters' {@code readNBytes} into one
 * exactly sized array; every size arrives intact over one connection, and a truncated body still fails naming the
 * host.
 */
@Timeout(30)
class EofPoolClientHttpResponseTests {

	private static final int MIB = 1024 * 1024;

	private TestServer server;

	private HttpTransport transport;

	private RestClient client;

	private final List<Class<?>> streamsSeen = new CopyOnWriteArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.server = TestServer.responding((c, r) -> {
			int size = Integer.parseInt(r.target().substring(1));
			c.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=ISO-8859-1\r\nContent-Length: " + size
					+ "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			c.write(pattern(size));
		});
		this.transport = HttpTransport.create();
		this.client = RestClient.builder()
			.requestFactory(new EofPoolClientHttpRequestFactory(this.transport))
			.configureMessageConverters((converters) -> converters.registerDefaults().addCustomConverter(new StreamRecorder()))
			.build();
	}

	@AfterEach
	void tearDown() throws IOException {
		this.transport.close();
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 8 * 1024, 64 * 1024, MIB })
	void springReadsTheTransportsStreamItselfNotAPushbackWrapper(int size) {
		Seen seen = this.client.get().uri(uri(size)).retrieve().body(Seen.class);
		assertThat(seen).isNotNull();
		assertThat(seen.bytes()).isEqualTo(pattern(size));
		assertThat(this.streamsSeen).hasSize(1);
		assertThat(this.streamsSeen.get(0)).isNotEqualTo(PushbackInputStream.class);
		assertThat(this.streamsSeen.get(0).getName()).startsWith("dev.eofpool.transport.");
	}

	@Test
	void aDecodedBodyIsNotWrappedEither() throws IOException {
		byte[] text = pattern(64 * 1024);
		java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gzip)) {
			out.write(text);
		}
		byte[] encoded = gzip.toByteArray();
		try (TestServer compressing = TestServer.responding((c, r) -> {
			c.write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + encoded.length + "\r\n\r\n");
			c.write(encoded);
		})) {
			for (int i = 0; i < 3; i++) {
				Seen seen = this.client.get().uri(compressing.uri("/")).retrieve().body(Seen.class);
				assertThat(seen).isNotNull();
				assertThat(seen.bytes()).isEqualTo(text);
			}
			assertThat(this.streamsSeen).hasSize(3).allSatisfy((type) -> {
				assertThat(type).isNotEqualTo(PushbackInputStream.class);
				assertThat(type.getName()).startsWith("dev.eofpool.transport.");
			});
			assertThat(compressing.accepted()).as("connections the server accepted").isEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 8 * 1024, 64 * 1024, MIB })
	void bytesAndStringsOfEverySizeArriveIntactOverOneConnection(int size) {
		for (int i = 0; i < 3; i++) {
			byte[] bytes = this.client.get().uri(uri(size)).retrieve().body(byte[].class);
			assertThat((bytes != null) ? bytes : new byte[0]).isEqualTo(pattern(size));
			String text = this.client.get().uri(uri(size)).retrieve().body(String.class);
			assertThat((text != null) ? text : "").isEqualTo(new String(pattern(size), StandardCharsets.ISO_8859_1));
		}
		assertThat(this.server.accepted()).as("connections the server accepted").isEqualTo(1);
	}

	@Test
	void aTruncatedBodyStillFailsNamingTheHost() throws IOException {
		try (TestServer cut = TestServer.start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
			c.write(pattern(30_000));
			c.close();
		})) {
			assertThatExceptionOfType(RestClientException.class)
				.isThrownBy(() -> this.client.get().uri(cut.uri("/cut")).retrieve().body(byte[].class))
				.havingRootCause()
				.isInstanceOf(TruncatedBodyException.class)
				.withMessageContaining(cut.uri("/").getHost() + ":" + cut.port())
				.withMessageContaining("ended after 30000 of 100000 bytes");
		}
	}

	/**
	 * What reading a body into a {@code byte[]} allocates beyond the body itself: about the body once more before (the
	 * JDK's {@code readNBytes} collects 8 KiB chunks and copies them into the result), and a fixed few hundred bytes
	 * of Spring's and eofpool's own per request after.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 1024, 64 * 1024 })
	void aByteArrayBodyIsReadIntoOneArrayOfItsSize(int size) throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		URI uri = uri(size);
		byte[] scratch = new byte[8192];
		long bytesPerRequest = Long.MAX_VALUE;
		long drainPerRequest = Long.MAX_VALUE;
		int n = 300;
		for (int round = 0; round < 5; round++) {
			long start = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < n; i++) {
				this.client.get().uri(uri).retrieve().body(byte[].class);
			}
			long middle = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < n; i++) {
				this.client.get().uri(uri).exchange((request, response) -> {
					InputStream in = response.getBody();
					while (in.read(scratch) >= 0) {
						// to the end, as the benchmark harness reads
					}
					return Boolean.TRUE;
				});
			}
			long end = ThreadAllocations.ofCurrentThread();
			bytesPerRequest = Math.min(bytesPerRequest, (middle - start) / n);
			drainPerRequest = Math.min(drainPerRequest, (end - middle) / n);
		}
		System.out.printf("GET %d B through RestClient: body(byte[].class) %d B/request (%d beyond the body), "
				+ "exchange+drain %d B/request%n", size, bytesPerRequest, bytesPerRequest - size, drainPerRequest);
		assertThat(bytesPerRequest - size).as("bytes allocated per request beyond the body's own array")
			.isLessThan(size / 2 + 2500);
	}

	private URI uri(int size) {
		return this.server.uri("/" + size);
	}

	/** Distinct bytes in a pattern that repeats every 251 bytes, so a shifted or lost range shows. */
	static byte[] pattern(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) ('a' + (i % 251) % 26);
		}
		return bytes;
	}

	/** A body read by {@link StreamRecorder}. */
	record Seen(byte[] bytes) {
	}

	/** Reads {@link Seen} bodies, recording the class of the stream Spring hands it. */
	private final class StreamRecorder extends AbstractHttpMessageConverter<Seen> {

		StreamRecorder() {
			super(MediaType.ALL);
		}

		@Override
		protected boolean supports(Class<?> clazz) {
			return clazz == Seen.class;
		}

		@Override
		protected Seen readInternal(Class<? extends Seen> clazz, HttpInputMessage inputMessage) throws IOException {
			InputStream body = inputMessage.getBody();
			EofPoolClientHttpResponseTests.this.streamsSeen.add(body.getClass());
			return new Seen(body.readAllBytes());
		}

		@Override
		protected void writeInternal(Seen seen, HttpOutputMessage outputMessage) {
			throw new UnsupportedOperationException("only read");
		}

	}

}
