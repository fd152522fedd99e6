package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.PoolListener;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.dial.AddressDialer;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.io.BufferPools;
import dev.eofpool.transport.proxy.HttpProxy;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * Opens connections: dials the host (or the route's proxy) through an {@link AddressDialer} (resolver, address filter,
 * round robin, failure memory, staggered race) within the connect timeout, opens a {@code CONNECT} tunnel through the
 * proxy for an {@code https} route, then runs the TLS handshake with the origin for an {@code https} route.
 */
public final class Connector {

	private final Ticker ticker;

	private final HeadLimits limits;

	private final TlsSettings configuredTls;

	private final SocketOptions socketOptions;

	/** The TLS settings of routes that carry none; resolved on the first {@code https} dial (it loads trust stores). */
	private volatile TlsSettings defaultTls;

	private final AddressDialer dialer;

	/** Lend the buffers of this connector's connections (one connector per transport, so one lender per transport). */
	private final BufferPools buffers = BufferPools.standard();

	/** A connector with the default head limits and TLS settings (for benchmarks and tests). */
	public Connector(Ticker ticker) {
		this(ticker, HeadLimits.of(TransportConfig.defaults()), null);
	}

	/** A connector dialling with the JDK's resolver and the default stagger (for benchmarks and tests). */
	public Connector(Ticker ticker, HeadLimits limits, TlsSettings defaultTls) {
		this(ticker, limits, defaultTls, new AddressDialer(TransportConfig.builder().ticker(ticker).build(),
				new PoolListener() {
				}), SocketOptions.DEFAULTS);
	}

	/**
	 * @param ticker the transport's clock: connect deadlines and every deadline of the connections opened use it
	 * @param limits bounds of a proxy's {@code CONNECT} response head
	 * @param defaultTls TLS settings of routes that carry none, or {@code null} for {@link TlsSettings#defaults()}
	 * @param dialer resolves, filters, orders and races the addresses of the host (or proxy)
	 * @param socketOptions the options every socket is opened with (TCP_NODELAY, SO_KEEPALIVE and its timers)
	 */
	public Connector(Ticker ticker, HeadLimits limits, TlsSettings defaultTls, AddressDialer dialer,
			SocketOptions socketOptions) {
		this.dialer = dialer;
		this.ticker = ticker;
		this.limits = limits;
		this.configuredTls = defaultTls;
		this.socketOptions = socketOptions;
	}

	/**
	 * Opens a connection to the route.
	 * @throws UnknownHostException when the host (or proxy) does not resolve
	 * @throws SocketTimeoutException when no address answered within the timeout
	 * @throws ConnectException when every address refused, naming the route
	 * @throws dev.eofpool.transport.proxy.ProxyTunnelException when the proxy refuses the tunnel
	 * @throws dev.eofpool.transport.tls.TlsHandshakeException when the TLS handshake fails or times out
	 */
	public Connection connect(Route route, Duration timeout) throws IOException {
		return connect(route, timeout, CallListener.NONE);
	}

	/**
	 * {@link #connect(Route, Duration)}, telling {@code listener} of the lookup, each attempt and the TLS handshake
	 * (nothing is measured for {@link CallListener#NONE}).
	 */
	public Connection connect(Route route, Duration timeout, CallListener listener) throws IOException {
		if (!"http".equals(route.scheme()) && !"https".equals(route.scheme())) {
			throw new IOException("Cannot connect to " + route + ": unsupported scheme " + route.scheme());
		}
		HttpProxy proxy = route.proxy();
		SocketChannel channel = (proxy != null) ? open(route, proxy.host(), proxy.port(), "proxy of ", timeout, listener)
				: open(route, route.host(), route.port(), "", timeout, listener);
		try {
			if (!route.secure()) {
				return new Connection(route, this.ticker, this.ticker.nanoTime(), channel, null, null, this.buffers);
			}
			if (proxy != null) {
				Connection tunnel = new Connection(route, this.ticker, this.ticker.nanoTime(), channel, null, null,
						this.buffers);
				try {
					ProxyTunnel.open(tunnel, route, this.limits, timeout);
				}
				finally {
					tunnel.handedOver();
					tunnel.discardBuffers(); // after a 2xx nothing is buffered (ProxyTunnel checked): TLS takes over
				}
			}
			TlsSettings tls = tlsOf(route);
			RawSocket raw = new RawSocket(channel.socket(), this.ticker);
			SSLSocket socket = handshake(route, raw, tls, timeout, listener);
			return new Connection(route, this.ticker, this.ticker.nanoTime(), channel, socket, raw, this.buffers);
		}
		catch (IOException | RuntimeException | Error ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/** The route's TLS settings, or the transport's default ones. */
	TlsSettings tlsOf(Route route) {
		return (route.tls() != null) ? route.tls() : defaultTls();
	}

	/** The pools lending the buffers of this connector's connections (for tests and statistics). */
	public BufferPools buffers() {
		return this.buffers;
	}

	/** The TLS settings of routes that carry none: the configured ones, else {@link TlsSettings#defaults()}. */
	public TlsSettings defaultTls() {
		TlsSettings tls = this.defaultTls;
		if (tls == null) {
			// racing threads may both build the defaults: they are equal (same default context), so either wins
			tls = (this.configuredTls != null) ? this.configuredTls : TlsSettings.defaults();
			this.defaultTls = tls;
		}
		return tls;
	}

	private SSLSocket handshake(Route route, RawSocket raw, TlsSettings tls, Duration timeout, CallListener listener)
			throws IOException {
		if (listener == CallListener.NONE) {
			return TlsHandshake.handshake(raw, route.host(), route.port(), tls, timeout, route.toString());
		}
		long start = this.ticker.nanoTime();
		listener.tlsStart(route);
		try {
			SSLSocket socket = TlsHandshake.handshake(raw, route.host(), route.port(), tls, timeout, route.toString());
			listener.tlsEnd(route, null, this.ticker.nanoTime() - start);
			return socket;
		}
		catch (IOException ex) {
			listener.tlsEnd(route, ex, this.ticker.nanoTime() - start);
			throw ex;
		}
	}

	private SocketChannel open(Route route, String host, int port, String what, Duration timeout,
			CallListener listener) throws IOException {
		return this.dialer.open(route, host, port, what, timeout, this::configureSocket, listener);
	}

	/** Sets the socket options (TCP_NODELAY, SO_KEEPALIVE and its timers) before connecting. */
	private void configureSocket(SocketChannel channel) throws IOException {
		this.socketOptions.apply(channel);
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// already failing
		}
	}
}
