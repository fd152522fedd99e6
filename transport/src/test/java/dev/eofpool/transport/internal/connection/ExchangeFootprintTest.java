package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.http1.HeadLimits;

/**
 * An exchange is made per request: it carries what differs per request and reads every per-transport constant (drain
 * bounds, content decoding, the decoded-size cap) from the configuration, so it costs 88 B on a 64-bit JVM with
 * compressed pointers, where copying those four into each exchange made it 112.
 */
@Timeout(20)
class ExchangeFootprintTest {

	@Test
	void anExchangeCopiesNoPerTransportConstant() throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		TransportConfig config = TransportConfig.defaults();
		HeadLimits limits = HeadLimits.of(config);
		HttpRequest request = HttpRequest.get(URI.create("http://127.0.0.1/"));
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Connection conn = new Connector(Ticker.SYSTEM)
				.connect(new Route("http", "127.0.0.1", server.getLocalPort()), Duration.ofSeconds(5));
			try (Socket accepted = server.accept()) {
				Exchange[] made = new Exchange[1000];
				long least = Long.MAX_VALUE;
				for (int round = 0; round < 5; round++) {
					long start = ThreadAllocations.ofCurrentThread();
					for (int i = 0; i < made.length; i++) {
						made[i] = new Exchange(null, conn, request, limits, config);
					}
					least = Math.min(least, (ThreadAllocations.ofCurrentThread() - start) / made.length);
				}
				assertThat(least).as("bytes per exchange").isLessThanOrEqualTo(88);
				assertThat(made[0].drainMaxBytes()).isEqualTo(config.drainMaxBytes());
				assertThat(accepted.isConnected()).isTrue();
			}
			finally {
				conn.closeSocket();
			}
		}
	}

}
