package dev.eofpool.transport.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.pool.Route;

/** Opens connections: resolves the host, then tries its addresses in order within the connect timeout. */
public final class Connector {

	private final Ticker ticker;

	public Connector(Ticker ticker) {
		this.ticker = ticker;
	}

	/**
	 * Opens a connection to the route.
	 * @throws UnknownHostException when the host does not resolve
	 * @throws SocketTimeoutException when no address answered within the timeout
	 * @throws ConnectException when every address refused, naming the route
	 */
	public Connection connect(Route route, Duration timeout) throws IOException {
		if (!"http".equals(route.scheme())) {
			throw new IOException("Cannot connect to " + route + ": the " + route.scheme()
					+ " scheme is not supported by this eofpool version (TLS support is planned)");
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(route.host());
		}
		catch (UnknownHostException ex) {
			UnknownHostException uhe = new UnknownHostException("Cannot resolve host of " + route + ": " + ex.getMessage());
			uhe.initCause(ex);
			throw uhe;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		IOException last = null;
		for (InetAddress address : addresses) {
			long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
			SocketChannel channel = SocketChannel.open();
			try {
				channel.socket().setTcpNoDelay(true);
				channel.socket().connect(new InetSocketAddress(address, route.port()), (int) Math.min(Integer.MAX_VALUE, remainingMillis));
				return new Connection(route, this.ticker.nanoTime(), channel);
			}
			catch (SocketTimeoutException ex) {
				closeQuietly(channel);
				last = new SocketTimeoutException("Connect to " + route + " (" + address.getHostAddress()
						+ ") timed out after " + timeout.toMillis() + " ms");
				last.initCause(ex);
			}
			catch (IOException ex) {
				closeQuietly(channel);
				last = new ConnectException("Connect to " + route + " (" + address.getHostAddress() + ") failed: "
						+ ex.getMessage());
				last.initCause(ex);
			}
			if (System.nanoTime() - deadline >= 0) {
				break;
			}
		}
		throw last;
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
