package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.eofpool.testfixtures.ServerConnection;
import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * The server's early answer to an upload (RFC 9112 9.5): a server that reads 1 KiB of an 8 MiB body, answers
 * {@code 413} with {@code Connection: close} and stops reading. The caller gets that response, not a write timeout,
 * within a bound measured from the server's answer; the connection, whose request was cut short, is closed. An interim
 * response (100 Continue, 102 Processing) during the upload is no answer: the whole body is sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EarlyResponseTest {

	private static final int UPLOAD = 8 * 1024 * 1024;

	private static final String TOO_LARGE = "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\n"
			+ "Content-Type: text/plain\r\nContent-Length: 9\r\n\r\ntoo large";

	private TestServer server;

	private HttpTransport transport;

	private final CountDownLatch clientDone = new CountDownLatch(1);

	@AfterEach
	void close() throws Exception {
		this.clientDone.countDown();
		if (this.transport != null) {
			this.transport.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	/** Reads the request head and {@code n} body bytes straight from the socket. */
	static void readHeadAndSome(InputStream in, int n) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("client closed inside the head");
			}
			head.write(b);
		}
		in.readNBytes(n);
	}

	/** Answers after 1 KiB of body and stops reading until the client is done; records when the answer left. */
	private TestServer.Script answeringEarly(AtomicLong answeredAt, boolean closeAfter) {
		return (ServerConnection c) -> {
			InputStream in = c.socket().getInputStream();
			OutputStream out = c.socket().getOutputStream();
			readHeadAndSome(in, 1024);
			answeredAt.set(System.nanoTime()); // before the write: the client may have the answer before it returns
			out.write(TOO_LARGE.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			if (closeAfter) {
				c.close(); // unread bytes pending: the client's next write sees a reset
				return;
			}
			this.clientDone.await(30, TimeUnit.SECONDS);
		};
	}

	static RequestBody chunkedBody(int total) {
		return new RequestBody() {
			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				byte[] piece = new byte[64 * 1024];
				for (int sent = 0; sent < total; sent += piece.length) {
					out.write(piece);
				}
			}

			@Override
			public boolean replayable() {
				return true;
			}
		};
	}

	private TransportConfig.Builder config() {
		// a write timeout would take the whole read timeout: 5 s, far above the bound asserted
		return TransportConfig.builder().readTimeout(Duration.ofSeconds(5))
			.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build());
	}

	@ParameterizedTest(name = "{0} over {1}")
	@CsvSource({ "fixed, http", "chunked, http", "fixed, https", "chunked, https" })
	void answerDuringUploadReachesTheCaller(String framing, String scheme) throws Exception {
		AtomicLong answeredAt = new AtomicLong();
		this.server = scheme.equals("https")
				? TestServer.start(ServerTls.of(TestCertificates.LOCALHOST), answeringEarly(answeredAt, false))
				: TestServer.start(answeringEarly(answeredAt, false));
		this.transport = new HttpTransport(config().build());
		URI uri = URI.create(scheme + "://localhost:" + this.server.port() + "/upload");
		RequestBody body = framing.equals("fixed") ? RequestBody.of(new byte[UPLOAD]) : chunkedBody(UPLOAD);
		try (HttpResponse response = this.transport.send(HttpRequest.builder("POST", uri).body(body).build())) {
			long reaction = System.nanoTime() - answeredAt.get();
			System.out.println("[early response] " + framing + " upload over " + scheme + ": 413 surfaced "
					+ TimeUnit.NANOSECONDS.toMicros(reaction) / 1000.0 + " ms after the server's answer");
			assertThat(answeredAt.get()).isNotZero();
			assertThat(response.status()).isEqualTo(413);
			assertThat(response.headers().first("Connection")).isEqualTo("close");
			assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("too large");
			// a protocol reaction, bounded generously here; the figure printed is the one to report
			assertThat(reaction).isLessThan(TimeUnit.SECONDS.toNanos(1));
		}
		RouteStats total = this.transport.stats().total();
		assertThat(total.idle()).isZero();
		assertThat(total.leased()).isZero();
		assertThat(total.closedByReason().get(CloseReason.EARLY_RESPONSE)).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@ParameterizedTest(name = "over {0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "http", "https" })
	void aServerThatPausesReadingWithoutAnsweringGetsTheWholeUpload(String scheme) throws Exception {
		// a stalled write with no answer (over TLS a fresh connection's session ticket may wait unread) goes on
		TestServer.Script slowReader = (c) -> {
			InputStream in = c.socket().getInputStream();
			readHeadAndSome(in, 1024);
			Thread.sleep(300); // back-pressure: the client's writes stall meanwhile
			long total = 1024 + in.readNBytes(UPLOAD - 1024).length;
			c.socket().getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + Long.toString(total).length()
					+ "\r\n\r\n" + total).getBytes(StandardCharsets.ISO_8859_1));
			this.clientDone.await(30, TimeUnit.SECONDS);
		};
		this.server = scheme.equals("https") ? TestServer.start(ServerTls.of(TestCertificates.LOCALHOST), slowReader)
				: TestServer.start(slowReader);
		this.transport = new HttpTransport(config().build());
		URI uri = URI.create(scheme + "://localhost:" + this.server.port() + "/upload");
		try (HttpResponse response = this.transport
			.send(HttpRequest.builder("POST", uri).body(RequestBody.of(new byte[UPLOAD])).build())) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1))
				.isEqualTo(Integer.toString(UPLOAD));
		}
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.EARLY_RESPONSE)).isZero();
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
	}

	/**
	 * A body of {@code total} bytes written 64 KiB at a time (past the first, each write is watched): once
	 * {@code pauseAfter} bytes are out it waits for {@code go}, so the server's interim response is on its way while
	 * the rest is written.
	 */
	private static RequestBody pausingBody(int total, int pauseAfter, CountDownLatch go) {
		return new RequestBody() {
			@Override
			public long contentLength() {
				return total;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				byte[] piece = new byte[64 * 1024];
				for (int sent = 0; sent < total; sent += piece.length) {
					if (sent == pauseAfter) {
						try {
							if (!go.await(10, TimeUnit.SECONDS)) {
								throw new IOException("the server sent no interim response");
							}
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							throw new java.io.InterruptedIOException("interrupted waiting for the interim response");
						}
					}
					out.write(piece);
				}
			}

			@Override
			public boolean replayable() {
				return true;
			}
		};
	}

	@ParameterizedTest(name = "{0} after {1} bytes over {2}")
	@CsvSource({ "100 Continue, 1024, http", "100 Continue, 1024, https", "102 Processing, 262144, http",
			"102 Processing, 262144, https" })
	void anInterimResponseDuringTheUploadIsNoAnswer(String interim, int readBefore, String scheme) throws Exception {
		// a server that answers Expect: 100-continue (or sends 102 Processing) while the body arrives, then reads it all
		int upload = 512 * 1024;
		int pauseAfter = Math.max(64 * 1024, readBefore);
		CountDownLatch interimSent = new CountDownLatch(1);
		TestServer.Script script = (c) -> {
			InputStream in = c.socket().getInputStream();
			OutputStream out = c.socket().getOutputStream();
			readHeadAndSome(in, readBefore);
			out.write(("HTTP/1.1 " + interim + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			interimSent.countDown();
			long total = readBefore + in.readNBytes(upload - readBefore).length;
			out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + Long.toString(total).length() + "\r\n\r\n" + total)
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			readHeadAndSome(in, 0); // the next request, on the same connection
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			this.clientDone.await(30, TimeUnit.SECONDS);
		};
		this.server = scheme.equals("https") ? TestServer.start(ServerTls.of(TestCertificates.LOCALHOST), script)
				: TestServer.start(script);
		this.transport = new HttpTransport(config().build());
		URI uri = URI.create(scheme + "://localhost:" + this.server.port() + "/upload");
		HttpRequest request = HttpRequest.builder("POST", uri).header("Expect", "100-continue")
			.body(pausingBody(upload, pauseAfter, interimSent)).build();
		try (HttpResponse response = this.transport.send(request)) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1))
				.isEqualTo(Integer.toString(upload));
		}
		try (HttpResponse response = this.transport.send(HttpRequest.get(uri))) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.EARLY_RESPONSE)).isZero();
		assertThat(this.transport.stats().total().idle()).isEqualTo(1);
		assertThat(this.server.failures()).isEmpty();
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void answerThenCloseIsPreferredToTheWriteError() throws Exception {
		AtomicLong answeredAt = new AtomicLong();
		this.server = TestServer.start(answeringEarly(answeredAt, true));
		this.transport = new HttpTransport(config().build());
		try (HttpResponse response = this.transport.send(HttpRequest.builder("POST", this.server.uri("/upload"))
			.body(RequestBody.of(new byte[UPLOAD])).build())) {
			assertThat(response.status()).isEqualTo(413);
			assertThat(new String(response.body().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("too large");
		}
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.EARLY_RESPONSE)).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void aServerThatStopsReadingWithoutAnsweringStillEndsInAWriteTimeout() throws Exception {
		CountDownLatch read = new CountDownLatch(1);
		this.server = TestServer.start((c) -> {
			readHeadAndSome(c.socket().getInputStream(), 1024);
			read.countDown();
			this.clientDone.await(30, TimeUnit.SECONDS);
		});
		this.transport = new HttpTransport(config().readTimeout(Duration.ofMillis(500)).build());
		assertThatThrownBy(() -> this.transport.send(HttpRequest.builder("POST", this.server.uri("/upload"))
			.body(RequestBody.of(new byte[UPLOAD])).build())).isInstanceOf(WriteTimeoutException.class)
			.hasMessageContaining("127.0.0.1:" + this.server.port());
		assertThat(read.await(5, TimeUnit.SECONDS)).isTrue();
		PoolAssertions.assertBalanced(this.transport.stats());
	}
}
