package dev.eofpool.benchmarks.micro;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.internal.connection.Connection;
import dev.eofpool.transport.internal.connection.Connector;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * A real eofpool {@link Connection} over loopback whose server end this thread writes to: a benchmark writes a batch
 * of prepared bytes, then lets the transport's code parse them. One write and about one read system call serve a
 * whole batch, so per operation the figures are dominated by the parsing itself.
 */
final class LoopbackFeed implements AutoCloseable {

	private final ServerSocketChannel listener;

	private final SocketChannel serverEnd;

	private final Connection connection;

	private final Route route;

	private final ByteBuffer batch;

	LoopbackFeed(byte[] batchBytes) throws IOException {
		this.listener = ServerSocketChannel.open();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		int port = ((InetSocketAddress) this.listener.getLocalAddress()).getPort();
		this.route = new Route("http", "127.0.0.1", port);
		this.connection = new Connector(Ticker.SYSTEM).connect(this.route, Duration.ofSeconds(5));
		this.serverEnd = this.listener.accept();
		this.batch = ByteBuffer.wrap(batchBytes);
	}

	/** The connection's buffered reader, which the http1 parsers read from. */
	WireReader reader() {
		return this.connection.reader();
	}

	Route route() {
		return this.route;
	}

	/** Writes the whole batch to the server end (the socket buffer holds it: nothing blocks). */
	void feed() throws IOException {
		this.batch.clear();
		while (this.batch.hasRemaining()) {
			this.serverEnd.write(this.batch);
		}
	}

	@Override
	public void close() throws IOException {
		// the client end's close is the pool's business (not public): it ends with the benchmark's JVM fork
		this.serverEnd.close();
		this.listener.close();
	}

	/** {@code copies} copies of {@code unit}, back to back. */
	static byte[] repeat(byte[] unit, int copies) {
		byte[] all = new byte[unit.length * copies];
		for (int i = 0; i < copies; i++) {
			System.arraycopy(unit, 0, all, i * unit.length, unit.length);
		}
		return all;
	}
}
