package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.transport.Route;

/**
 * The early-answer watch: starting it asks the socket nothing, plain or TLS (a request body that never reaches the
 * sliced writes costs no system call); on a plain connection the bytes waiting once the writes are sliced are read and
 * kept for the response, and are an answer unless they are interim (1xx) heads or the start of one.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EarlyAnswerWatchTest {

	private static final Route ROUTE = Route.of(URI.create("http://127.0.0.1:8080/"));

	@Test
	void aPlainWatchStartsWithoutAskingTheSocket() {
		CountingInput in = new CountingInput();
		EarlyAnswerWatch watch = new EarlyAnswerWatch(ROUTE, null, in, null);
		watch.start();
		// a 1 KiB body after its head: never sliced, so never a look at the socket
		assertThat(watch.slices(200)).isFalse();
		assertThat(watch.slices(1024)).isFalse();
		watch.end();
		assertThat(in.availableCalls).isZero();
	}

	@Test
	void aByteWaitingWhenTheWritesAreSlicedIsAnAnswer() {
		CountingInput in = new CountingInput();
		// the byte was there before the watch began: on a plain connection it is the server's word all the same
		in.waiting = 1;
		EarlyAnswerWatch watch = new EarlyAnswerWatch(ROUTE, null, in, null);
		watch.start();
		assertThat(watch.slices((int) EarlyAnswerWatch.WATCH_AFTER_BYTES)).isFalse();
		assertThat(watch.slices(1)).isTrue();
		assertThatIOException().isThrownBy(() -> watch.beginSlicedWrite(0))
			.withMessageStartingWith("Stopped sending the request to " + ROUTE);
		assertThat(watch.answered()).isTrue();
		assertThat(in.availableCalls).isEqualTo(1);
		watch.end();
	}

	@Test
	void aTlsWatchStartsWithoutAskingTheSocket() throws Exception {
		try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
				java.net.Socket plain = new java.net.Socket(server.getInetAddress(), server.getLocalPort());
				java.net.Socket accepted = server.accept()) {
			// a TLS socket layered on a connected one; no handshake is needed while nothing is read or written
			javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLContext.getDefault()
				.getSocketFactory()
				.createSocket(plain, "localhost", server.getLocalPort(), true);
			CountingInput raw = new CountingInput();
			raw.waiting = 50; // a session ticket not read yet, say
			EarlyAnswerWatch watch = new EarlyAnswerWatch(ROUTE, null, tls.getInputStream(),
					new TlsLayer(tls, raw, null));
			watch.start();
			assertThat(watch.slices(200)).isFalse();
			assertThat(watch.slices(1024)).isFalse();
			watch.end();
			assertThat(raw.availableCalls).as("raw socket checks for a body below the sliced writes").isZero();
			assertThat(accepted.isConnected()).isTrue();
		}
	}

	@Test
	void interimHeadsWaitingAreNoAnswerAndAreKeptInOrderForTheParser() throws IOException {
		ServingInput in = new ServingInput();
		EarlyAnswerWatch watch = new EarlyAnswerWatch(ROUTE, null, in, null);
		watch.start();
		assertThat(watch.slices((int) EarlyAnswerWatch.WATCH_AFTER_BYTES)).isFalse();
		in.arrive("HTTP/1.1 100 Continue\r\n\r\n");
		assertThat(watch.slices(1)).isTrue();
		assertThat(watch.beginSlicedWrite(0)).isNotZero();
		watch.endSlicedWrite();
		// an interim head not whole yet waits for the rest, as does the start of a status line
		in.arrive("HTTP/1.1 102 Proc");
		assertThat(watch.slices(1)).isTrue();
		assertThat(watch.beginSlicedWrite(0)).isNotZero();
		watch.endSlicedWrite();
		in.arrive("essing\r\nX-Progress: 1\r\n\r\nHTTP/1.1 2");
		assertThat(watch.slices(1)).isTrue();
		assertThat(watch.beginSlicedWrite(0)).isNotZero();
		watch.endSlicedWrite();
		assertThat(watch.answered()).isFalse();
		// the final status is the answer
		in.arrive("00 OK\r\nContent-Length: 0\r\n\r\n");
		assertThat(watch.slices(1)).isTrue();
		assertThatIOException().isThrownBy(() -> watch.beginSlicedWrite(0))
			.withMessageStartingWith("Stopped sending the request to " + ROUTE);
		assertThat(watch.answered()).isTrue();
		watch.end();
		assertThat(kept(watch)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX-Progress: 1\r\n"
				+ "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
		assertThat(watch.hasKept()).isFalse();
		assertThat(watch.keptAvailable()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 102 Processing\r\n\r\n",
			"HTTP/1.0 103 Early Hints\nLink: </style.css>; rel=preload\n\n", "HTTP/1.1 100\r\n\r\n",
			"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.", "HTTP/1.1 100 Cont", "HTT" })
	void interimHeadsAndTheFirstBytesOfOneLetTheUploadGoOn(String waiting) {
		assertThat(answers(waiting)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.1 200 OK\r\n", "HTTP/1.1 413", "HTTP/1.1 101 Switching Protocols\r\n\r\n",
			"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 500", "HTTP/1.1 1000 X\r\n\r\n", "<html>",
			"\r\nHTTP/1.1 100 Continue\r\n\r\n", "HTTP/2 100\r\n\r\n", "HTTP/1.1 099 X\r\n\r\n" })
	void aFinalStatusOrBytesThatAreNoResponseStopTheUpload(String waiting) {
		assertThat(answers(waiting)).isTrue();
	}

	@Test
	void moreInterimHeadsThanTheParserSkipsOrTooManyBytesStopTheUpload() {
		String processing = "HTTP/1.1 102 Processing\r\n\r\n";
		assertThat(answers(processing.repeat(EarlyAnswerWatch.MAX_INTERIM))).isFalse();
		assertThat(answers(processing.repeat(EarlyAnswerWatch.MAX_INTERIM + 1))).isTrue();
		assertThat(answers("HTTP/1.1 100 Continue\r\nX-Long: " + "x".repeat(EarlyAnswerWatch.MAX_KEPT))).isTrue();
	}

	@Test
	void aCheckDuringABlockedWriteLetsAnInterimHeadByAndStopsTheUploadAtTheFinalOne() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open(); SocketChannel client = SocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			client.connect(server.getLocalAddress());
			try (SocketChannel accepted = server.accept()) {
				ServingInput in = new ServingInput();
				EarlyAnswerWatch watch = new EarlyAnswerWatch(ROUTE, client, in, null);
				watch.start();
				assertThat(watch.slices((int) EarlyAnswerWatch.WATCH_AFTER_BYTES + 1)).isTrue();
				long check = watch.beginSlicedWrite(0); // nothing waits yet: the write starts
				// while it is blocked, the watchdog's check finds an interim head: the write goes on
				in.arrive("HTTP/1.1 102 Processing\r\n\r\n");
				long next = watch.checkDue(check);
				assertThat(next).isNotZero();
				assertThat(watch.answered()).isFalse();
				accepted.configureBlocking(false);
				assertThat(accepted.read(ByteBuffer.allocate(1))).as("the request's side still open").isZero();
				// the final status stops it: the output is shut down, so the server sees the request end
				in.arrive("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
				assertThat(watch.checkDue(next)).isNotZero();
				assertThat(watch.answered()).isTrue();
				accepted.configureBlocking(true);
				assertThat(accepted.read(ByteBuffer.allocate(1))).isEqualTo(-1);
				watch.endSlicedWrite();
				watch.end();
				assertThat(kept(watch))
					.isEqualTo("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
			}
		}
	}

	/** Whether {@code waiting}, there when a sliced write begins on a plain connection, stops the upload. */
	private static boolean answers(String waiting) {
		ServingInput in = new ServingInput();
		in.arrive(waiting);
		EarlyAnswerWatch watch = new EarlyAnswerWatch(ROUTE, null, in, null);
		watch.start();
		assertThat(watch.slices((int) EarlyAnswerWatch.WATCH_AFTER_BYTES + 1)).isTrue();
		try {
			watch.beginSlicedWrite(0);
		}
		catch (IOException ex) {
			assertThat(ex).hasMessageStartingWith("Stopped sending the request to " + ROUTE);
		}
		watch.end();
		boolean answered = watch.answered();
		String kept = kept(watch);
		// every byte read is kept for the response, up to the bound of what is kept
		assertThat(kept).hasSize(Math.min(waiting.length(), EarlyAnswerWatch.MAX_KEPT));
		assertThat(waiting).startsWith(kept);
		return answered;
	}

	/** The kept bytes, read back in small pieces as the connection's reads would. */
	private static String kept(EarlyAnswerWatch watch) {
		StringBuilder all = new StringBuilder();
		byte[] b = new byte[7];
		while (watch.hasKept()) {
			int n = watch.readKept(b, 0, b.length);
			all.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
		}
		return all.toString();
	}

	/** An input serving the bytes that arrived, all of them available at once. */
	private static final class ServingInput extends InputStream {

		private byte[] data = new byte[0];

		private int pos;

		void arrive(String s) {
			byte[] more = s.getBytes(StandardCharsets.ISO_8859_1);
			byte[] grown = Arrays.copyOf(this.data, this.data.length + more.length);
			System.arraycopy(more, 0, grown, this.data.length, more.length);
			this.data = grown;
		}

		@Override
		public int read() {
			return (this.pos < this.data.length) ? (this.data[this.pos++] & 0xFF) : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			int n = Math.min(len, this.data.length - this.pos);
			if (n <= 0) {
				return (len == 0) ? 0 : -1;
			}
			System.arraycopy(this.data, this.pos, b, off, n);
			this.pos += n;
			return n;
		}

		@Override
		public int available() {
			return this.data.length - this.pos;
		}

	}

	/** An input that only counts how often it is asked what is waiting. */
	private static final class CountingInput extends InputStream {

		int availableCalls;

		int waiting;

		@Override
		public int read() {
			return -1;
		}

		@Override
		public int available() throws IOException {
			this.availableCalls++;
			return this.waiting;
		}

	}

}
