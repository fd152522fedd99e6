package dev.eofpool.transport.internal.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/** A dial that fails worse than with an IOException (an Error in the socket setup) leaves no channel open. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DialCleanupTest {

	private final List<SocketChannel> opened = new CopyOnWriteArrayList<>();

	/** Records the channel, then fails as a missing socket option class would. */
	private final AddressDialer.SocketSetup failing = (channel) -> {
		this.opened.add(channel);
		throw new AssertionError("setup failed hard");
	};

	@Test
	void anErrorInTheSetupOfTheOneAddressClosesItsChannel() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			int port = server.getLocalPort();
			AddressDialer dialer = new AddressDialer(TransportConfig.defaults(), new PoolListener() {
			});
			assertThatThrownBy(() -> dialer.open(new Route("http", "127.0.0.1", port), "127.0.0.1", port, "",
					Duration.ofSeconds(5), this.failing)).isInstanceOf(AssertionError.class)
				.hasMessage("setup failed hard");
			assertThat(this.opened).singleElement().satisfies((c) -> assertThat(c.isOpen()).isFalse());
		}
	}

	@Test
	void anErrorInTheSetupOfARacedAttemptClosesItsChannel() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			int port = server.getLocalPort();
			List<InetAddress> two = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2"));
			AddressDialer dialer = new AddressDialer(TransportConfig.builder().resolver((host) -> two).build(),
					new PoolListener() {
					});
			assertThatThrownBy(() -> dialer.open(new Route("http", "h", port), "h", port, "", Duration.ofSeconds(5),
					this.failing)).isInstanceOf(AssertionError.class).hasMessage("setup failed hard");
			assertThat(this.opened).isNotEmpty().allSatisfy((c) -> assertThat(c.isOpen()).isFalse());
		}
	}
}
