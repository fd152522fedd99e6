package dev.eofpool.testfixtures;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * An address that never answers a connect: a listener with an accept backlog of one, filled with connections it
 * never accepts, so Linux drops further SYNs and a connect to it times out (as to a firewalled host). Checked when
 * built: a connect within 300 ms must fail.
 */
public final class Blackhole implements AutoCloseable {

	private final ServerSocket listener;

	private final List<Socket> fillers = new ArrayList<>();

	private Blackhole(ServerSocket listener) {
		this.listener = listener;
	}

	/** A blackhole at {@code address}:{@code port} (port 0: a free one, see {@link #port()}). */
	public static Blackhole at(InetAddress address, int port) throws IOException {
		ServerSocket listener = new ServerSocket();
		Blackhole hole = new Blackhole(listener);
		try {
			listener.bind(new InetSocketAddress(address, port), 1);
			InetSocketAddress target = new InetSocketAddress(address, listener.getLocalPort());
			for (int i = 0; i < 8; i++) {
				Socket s = new Socket();
				try {
					s.connect(target, 300);
					hole.fillers.add(s);
				}
				catch (SocketTimeoutException ex) {
					s.close();
					return hole; // the backlog is full: SYNs are dropped now
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			hole.close();
			throw ex;
		}
		hole.close();
		throw new IllegalStateException("could not fill the accept backlog of " + address + ":" + port);
	}

	/** The port it listens on. */
	public int port() {
		return this.listener.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		for (Socket s : this.fillers) {
			s.close();
		}
		this.listener.close();
	}
}
