package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.TestServer;

/** A body closed before its end is drained within bounds and reused, or its connection is closed in bounded time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EarlyCloseTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	@Test
	void bodyClosedAfterTenOfThousandBytesIsDrainedAndReused() throws Exception {
		String body = "x".repeat(1000);
		this.server = this.env.responding((c, r) -> c.respond(200, body));
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 5; i++) {
			HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(response.body().readNBytes(10)).hasSize(10);
			response.close();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		RouteStats total = this.transport.stats().total();
		assertThat(total.drainsReused()).isEqualTo(5);
		assertThat(total.idle()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	/** A drain limit of Long.MAX_VALUE (no limit) must not wrap the length of the drain's reads to 0 and spin. */
	@Test
	void unlimitedDrainBytesStillDrainAndReuse() throws Exception {
		String body = "x".repeat(20_000);
		this.server = this.env.responding((c, r) -> c.respond(200, body));
		this.transport = this.env.transport(TransportConfig.builder().drainMaxBytes(Long.MAX_VALUE).build());
		for (int i = 0; i < 2; i++) {
			HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(response.body().read()).isEqualTo('x');
			response.close();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		RouteStats total = this.transport.stats().total();
		assertThat(total.drainsReused()).isEqualTo(2);
		assertThat(total.closedByReason().get(CloseReason.DRAIN_TIMEOUT)).isZero();
		assertThat(total.idle()).isEqualTo(1);
		PoolAssertions.assertBalanced(this.transport.stats());
	}

	@Test
	void chunkedBodyClosedEarlyIsDrainedAndReused() throws Exception {
		this.server = this.env.responding((c, r) -> c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "400\r\n" + "y".repeat(1024) + "\r\n400\r\n" + "y".repeat(1024) + "\r\n0\r\n\r\n"));
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 5; i++) {
			this.transport.send(HttpRequest.get(this.server.uri("/"))).close();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
		assertThat(this.transport.stats().total().drainsReused()).isEqualTo(5);
	}

	@Test
	void endlessBodyClosedEarlyReturnsWithinTheDrainBoundAndIsNotReused() throws Exception {
		this.server = this.env.start((c) -> {
			if (c.index() == 0) {
				c.readRequest();
				c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
				byte[] chunk = ("1000\r\n" + "z".repeat(4096) + "\r\n").getBytes("ISO-8859-1");
				try {
					while (true) {
						c.write(chunk); // endless, until the client closes
					}
				}
				catch (IOException ex) {
					return;
				}
			}
			while (c.readRequest() != null) {
				c.respond(200, "ok");
			}
		});
		this.transport = this.env.transport(TransportConfig.builder()
			.drainMaxBytes(64 * 1024)
			.drainTimeout(Duration.ofMillis(200))
			.build());
		HttpResponse endless = this.transport.send(HttpRequest.get(this.server.uri("/endless")));
		endless.body().readNBytes(100);
		long start = System.nanoTime();
		endless.close();
		long tookMillis = (System.nanoTime() - start) / 1_000_000;
		// the byte limit ends it long before the time limit; either way close() is bounded
		assertThat(tookMillis).isLessThan(5_000);
		RouteStats total = this.transport.stats().total();
		assertThat(total.closedByReason().get(CloseReason.DRAIN_LIMIT)
				+ total.closedByReason().get(CloseReason.DRAIN_TIMEOUT)).isEqualTo(1);
		assertThat(total.drainsClosed()).isEqualTo(1);
		HttpResponse next = this.transport.send(HttpRequest.get(this.server.uri("/")));
		assertThat(next.reusedConnection()).isFalse();
		assertThat(new String(next.body().readAllBytes(), "ISO-8859-1")).isEqualTo("ok");
		assertThat(this.server.accepted()).isEqualTo(2);
	}

	@Test
	void stalledBodyClosedEarlyTimesOutTheDrain() throws Exception {
		this.server = this.env.start((c) -> {
			c.readRequest();
			c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
			c.awaitClientClose(); // the other 90 bytes never come
		});
		this.transport = this.env.transport(TransportConfig.builder().drainTimeout(Duration.ofMillis(100)).build());
		HttpResponse stalled = this.transport.send(HttpRequest.get(this.server.uri("/")));
		stalled.body().readNBytes(5);
		stalled.close();
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.DRAIN_TIMEOUT)).isEqualTo(1);
	}

	@Test
	void bodyLargerThanTheDrainLimitIsClosedWithoutReading() throws Exception {
		String big = "b".repeat(300_000);
		this.server = this.env.responding((c, r) -> {
			try {
				c.respond(200, big);
			}
			catch (IOException ex) {
				// client closed
			}
		});
		this.transport = this.env.transport(TransportConfig.builder().drainMaxBytes(1024).build());
		this.transport.send(HttpRequest.get(this.server.uri("/"))).close();
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.DRAIN_LIMIT)).isEqualTo(1);
	}

	@Test
	void closeIsIdempotentAndReadAfterCloseFails() throws Exception {
		this.server = this.env.responding((c, r) -> c.respond(200, "x".repeat(100)));
		this.transport = this.env.transport(TransportConfig.defaults());
		HttpResponse response = this.transport.send(HttpRequest.get(this.server.uri("/")));
		response.close();
		response.close();
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> response.body().read()).isInstanceOf(IOException.class);
		assertThat(this.transport.stats().total().drainsReused()).isEqualTo(1);
	}
}
