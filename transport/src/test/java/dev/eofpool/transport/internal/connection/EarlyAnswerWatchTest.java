package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.Route;

/**
 * The early-answer watch: starting it asks the socket nothing, plain or TLS (a request body that never reaches the
 * sliced writes costs no system call), and on a plain connection any byte waiting once the writes are sliced is an
 * answer.
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
