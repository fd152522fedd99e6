package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.WriteTimeoutException;

/**
 * The bounds a connection carries out for {@link PhaseDeadlines}, against a real server socket that accepts and then
 * neither writes nor reads.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionDeadlinesTest {

	private ServerSocket server;

	private Socket accepted;

	private Connection conn;

	@BeforeEach
	void listen() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void close() throws IOException {
		if (this.conn != null) {
			this.conn.closeSocket();
		}
		if (this.accepted != null) {
			this.accepted.close();
		}
		this.server.close();
	}

	@Test
	void aReadOutlivingTheCallLimitFailsAsATimeoutAndClosesTheSocket() throws IOException {
		open(Ticker.SYSTEM);
		PhaseDeadlines.request(this.conn, 200);
		long start = System.nanoTime();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> this.conn.reader().read(new byte[10], 0, 10));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5_000L);
		assertThat(this.conn.isClosed()).isTrue();
	}

	@Test
	void onAnotherTickerTheWatchdogStillEndsTheCallAfterTheTimeLeft() throws IOException {
		open(new ManualTicker()); // never moves: only the watchdog's own clock can end the read
		PhaseDeadlines.request(this.conn, 200);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> this.conn.reader().read(new byte[10], 0, 10));
		assertThat(this.conn.isClosed()).isTrue();
	}

	@Test
	void aReadAfterTheReadDeadlineFailsAtOnceWithoutBlocking() throws IOException {
		ManualTicker ticker = new ManualTicker();
		open(ticker);
		PhaseDeadlines.request(this.conn, 0);
		PhaseDeadlines.drain(this.conn, 100);
		assertThat(PhaseDeadlines.drainTimeUp(this.conn)).isFalse();
		ticker.advance(100, TimeUnit.MILLISECONDS);
		assertThat(PhaseDeadlines.drainTimeUp(this.conn)).isTrue();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> this.conn.reader().read(new byte[10], 0, 10))
			.withMessage("Read deadline passed");
		assertThat(this.conn.isClosed()).isFalse(); // nothing blocked, nothing to end
	}

	@Test
	void theBodyPhaseLiftsTheHeadDeadlineButKeepsTheCallLimit() throws IOException {
		ManualTicker ticker = new ManualTicker();
		open(ticker);
		PhaseDeadlines.request(this.conn, 300);
		PhaseDeadlines.head(this.conn, 50);
		ticker.advance(1, TimeUnit.SECONDS);
		assertThat(this.conn.bounds().readDeadlinePassed()).isTrue();
		PhaseDeadlines.body(this.conn);
		assertThat(this.conn.bounds().readDeadlinePassed()).isFalse();
		assertThat(this.conn.bounds().callLimitMillis()).isEqualTo(300);
	}

	@Test
	void aWriteTheServerNeverTakesFailsAsAWriteTimeoutNamingTheRoute() throws IOException {
		open(Ticker.SYSTEM);
		PhaseDeadlines.request(this.conn, 300);
		byte[] block = new byte[1 << 20];
		assertThatExceptionOfType(WriteTimeoutException.class).isThrownBy(() -> {
			for (int i = 0; i < 1024; i++) { // far more than any socket buffer holds
				this.conn.writer().write(block, 0, block.length);
			}
		}).withMessageContaining("Write timed out after 300 ms sending to " + this.conn.route());
	}

	@Test
	void aDeadlineTheWatchdogSawPassJustBeforeTheReadReturnedClosesNothingOnceTheReadEnded() throws Exception {
		open(Ticker.SYSTEM);
		PhaseDeadlines.request(this.conn, 60_000);
		CompletableFuture<Long> seen = new CompletableFuture<>();
		Thread scan = new Thread(() -> {
			try {
				// the watchdog's scan reads the deadline of the read blocked on the socket; the server answers then
				long until;
				while ((until = this.conn.ioUntil()) == 0) {
					Thread.onSpinWait();
				}
				seen.complete(until);
				this.accepted.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
			}
			catch (Throwable ex) {
				seen.completeExceptionally(ex);
			}
		});
		scan.setDaemon(true);
		scan.start();
		assertThat(this.conn.reader().read(new byte[10], 0, 10)).isPositive();
		// the read returned and ended its call; the watchdog, which saw that deadline pass before, goes on to close
		this.conn.ioTimedOut(seen.get(10, TimeUnit.SECONDS));
		assertThat(this.conn.isClosed()).as("closed after the read ended in time").isFalse();
	}

	private void open(Ticker ticker) throws IOException {
		Route route = new Route("http", "127.0.0.1", this.server.getLocalPort());
		this.conn = new Connector(ticker).connect(route, Duration.ofSeconds(5));
		this.accepted = this.server.accept();
	}
}
