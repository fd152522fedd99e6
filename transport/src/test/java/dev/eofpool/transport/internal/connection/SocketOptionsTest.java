package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.dial.AddressDialer;
import dev.eofpool.transport.internal.http1.HeadLimits;

/** The options read back from the client's socket. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SocketOptionsTest {

	@Test
	void socketsHaveKeepAliveAndNoDelayByDefault() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Connection conn = connect(server, SocketOptions.DEFAULTS);
			try {
				SocketChannel channel = channelOf(conn);
				assertThat(channel.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
				assertThat(channel.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
			}
			finally {
				conn.closeSocket();
			}
		}
	}

	@Test
	void keepAliveTimersAreSetWhereSupported() throws Exception {
		TransportConfig config = TransportConfig.builder()
			.tcpKeepAliveIdle(Duration.ofSeconds(45))
			.tcpKeepAliveInterval(Duration.ofSeconds(7))
			.tcpKeepAliveCount(3)
			.build();
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Connection conn = connect(server, SocketOptions.of(config));
			try {
				SocketChannel channel = channelOf(conn);
				assertThat(channel.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
				if (channel.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
					assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(45);
					assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(7);
					assertThat(channel.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
				}
			}
			finally {
				conn.closeSocket();
			}
		}
	}

	@Test
	void keepAliveCanBeTurnedOff() throws Exception {
		TransportConfig config = TransportConfig.builder().tcpKeepAlive(false).build();
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Connection conn = connect(server, SocketOptions.of(config));
			try {
				assertThat(channelOf(conn).getOption(StandardSocketOptions.SO_KEEPALIVE)).isFalse();
			}
			finally {
				conn.closeSocket();
			}
		}
	}

	private static Connection connect(ServerSocket server, SocketOptions options) throws IOException {
		Connector connector = new Connector(Ticker.SYSTEM, HeadLimits.of(TransportConfig.defaults()), null,
				new AddressDialer(TransportConfig.defaults(), new PoolListener() {
				}), options);
		return connector.connect(new Route("http", "127.0.0.1", server.getLocalPort()), Duration.ofSeconds(5));
	}

	private static SocketChannel channelOf(Connection conn) throws ReflectiveOperationException {
		java.lang.reflect.Field field = Connection.class.getDeclaredField("channel");
		field.setAccessible(true);
		return (SocketChannel) field.get(conn);
	}
}
