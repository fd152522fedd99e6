package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;

import dev.eofpool.transport.TransportConfig;
import jdk.net.ExtendedSocketOptions;

/**
 * The options every socket is opened with: {@code TCP_NODELAY}, and {@code SO_KEEPALIVE} (on by default) with its
 * idle time, probe interval and probe count where the platform supports them ({@code jdk.net}'s extended options are
 * absent on some systems, e.g. older Windows: those are then left to the system).
 *
 * @param keepAlive whether {@code SO_KEEPALIVE} is set
 * @param idle {@code TCP_KEEPIDLE}, or {@code null} for the system's
 * @param interval {@code TCP_KEEPINTERVAL}, or {@code null} for the system's
 * @param count {@code TCP_KEEPCOUNT}, or {@code null} for the system's
 */
public record SocketOptions(boolean keepAlive, Duration idle, Duration interval, Integer count) {

	/** Keep-alive on, its timers the system's. */
	public static final SocketOptions DEFAULTS = new SocketOptions(true, null, null, null);

	/** The options a configuration asks for. */
	public static SocketOptions of(TransportConfig config) {
		return new SocketOptions(config.tcpKeepAlive(), config.tcpKeepAliveIdle(), config.tcpKeepAliveInterval(),
				config.tcpKeepAliveCount());
	}

	/** Sets the options on a channel not yet connected. */
	void apply(SocketChannel channel) throws IOException {
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		if (!this.keepAlive) {
			return;
		}
		channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
		Set<SocketOption<?>> supported = channel.supportedOptions();
		if (this.idle != null) {
			setIfSupported(channel, supported, ExtendedSocketOptions.TCP_KEEPIDLE, seconds(this.idle));
		}
		if (this.interval != null) {
			setIfSupported(channel, supported, ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(this.interval));
		}
		if (this.count != null) {
			setIfSupported(channel, supported, ExtendedSocketOptions.TCP_KEEPCOUNT, this.count);
		}
	}

	private static <T> void setIfSupported(SocketChannel channel, Set<SocketOption<?>> supported, SocketOption<T> option,
			T value) throws IOException {
		if (supported.contains(option)) {
			channel.setOption(option, value);
		}
	}

	private static int seconds(Duration value) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, value.toSeconds()));
	}
}
