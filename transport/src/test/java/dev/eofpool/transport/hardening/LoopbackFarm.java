package dev.eofpool.transport.hardening;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many HTTP/1.1 hosts in one thread: a listener on each of {@code count} loopback addresses (127.0.x.y, all reaching
 * this machine), same port, answering every request with a tiny keep-alive response. A connection the client closes
 * is kept (as a closed-by-peer channel object, not read again) until the farm is closed, so the heap held by the
 * server side does not change while the client's connections go away: what the heap loses then is the client's.
 */
final class LoopbackFarm implements AutoCloseable {

	private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
		.getBytes(StandardCharsets.ISO_8859_1);

	private final Selector selector;

	private final List<ServerSocketChannel> listeners = new ArrayList<>();

	private final List<String> hosts = new ArrayList<>();

	private final int port;

	private final Thread thread;

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	// farm thread only: channels the client closed, kept until the farm closes
	private final List<SocketChannel> held = new ArrayList<>();

	private volatile boolean running = true;

	LoopbackFarm(int count) throws IOException {
		this.selector = Selector.open();
		int p = 0;
		for (int i = 0; i < count; i++) {
			String host = "127.0." + (1 + i / 250) + "." + (1 + i % 250);
			ServerSocketChannel listener = ServerSocketChannel.open();
			listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			listener.bind(new InetSocketAddress(InetAddress.getByName(host), p), 64);
			p = ((InetSocketAddress) listener.getLocalAddress()).getPort();
			listener.configureBlocking(false);
			listener.register(this.selector, SelectionKey.OP_ACCEPT);
			this.listeners.add(listener);
			this.hosts.add(host);
		}
		this.port = p;
		this.thread = new Thread(this::loop, "loopback-farm");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	URI uri(int host) {
		return URI.create("http://" + this.hosts.get(host) + ":" + this.port + "/");
	}

	int accepted() {
		return this.accepted.get();
	}

	int closedByClient() {
		return this.closedByClient.get();
	}

	private void loop() {
		ByteBuffer in = ByteBuffer.allocate(8192);
		try {
			while (this.running) {
				this.selector.select();
				for (SelectionKey key : this.selector.selectedKeys()) {
					if (!key.isValid()) {
						continue;
					}
					if (key.isAcceptable()) {
						SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
						if (c != null) {
							this.accepted.incrementAndGet();
							c.configureBlocking(false);
							c.register(this.selector, SelectionKey.OP_READ, new int[1]);
						}
					}
					else if (key.isReadable()) {
						read(key, in);
					}
				}
				this.selector.selectedKeys().clear();
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	/** Answers each request once its head ended (CRLF CRLF, matched across reads); keeps what the client closed. */
	private void read(SelectionKey key, ByteBuffer in) throws IOException {
		SocketChannel c = (SocketChannel) key.channel();
		int[] matched = (int[]) key.attachment();
		in.clear();
		int n;
		try {
			n = c.read(in);
		}
		catch (IOException ex) {
			n = -1;
		}
		if (n < 0) {
			key.cancel();
			this.held.add(c);
			this.closedByClient.incrementAndGet();
			return;
		}
		for (int i = 0; i < n; i++) {
			byte b = in.get(i);
			boolean next = (matched[0] % 2 == 0) ? b == '\r' : b == '\n';
			matched[0] = next ? matched[0] + 1 : ((b == '\r') ? 1 : 0);
			if (matched[0] == 4) {
				matched[0] = 0;
				ByteBuffer out = ByteBuffer.wrap(RESPONSE);
				while (out.hasRemaining()) {
					c.write(out); // tiny, on an idle socket: never blocks for long
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.running = false;
		this.selector.wakeup();
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (SelectionKey key : this.selector.keys()) {
			key.channel().close();
		}
		for (SocketChannel c : this.held) {
			c.close();
		}
		for (ServerSocketChannel l : this.listeners) {
			l.close();
		}
		this.selector.close();
	}
}
