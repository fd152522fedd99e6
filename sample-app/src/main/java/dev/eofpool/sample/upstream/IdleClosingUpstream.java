package dev.eofpool.sample.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A second upstream, on its own loopback port, that behaves like many real servers and load balancers: it keeps a
 * connection open after each response, advertises no {@code Keep-Alive: timeout=}, and quietly closes the
 * connection once it has been idle for {@code idleTimeout}. A client that reuses such a connection without care sends
 * its next request into a closed socket; eofpool detects the close or retries the request on a fresh connection.
 * <p>
 * It speaks just enough HTTP/1.1 for the demo: {@code GET} requests without a body, answered with a fixed-length
 * {@code 200}. The end of each connection, and which side closed it, is reported to the {@link ConnectionLedger} under
 * the run of the connection's last request. One thread per connection; everything is closed on {@link #stop()}.
 */
public final class IdleClosingUpstream implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(IdleClosingUpstream.class);

	private static final int MAX_HEAD = 8192;

	private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
			+ "hello").getBytes(StandardCharsets.US_ASCII);

	private final ConnectionLedger ledger;

	private final Duration idleTimeout;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket server;

	public IdleClosingUpstream(ConnectionLedger ledger, Duration idleTimeout) {
		this.ledger = ledger;
		this.idleTimeout = idleTimeout;
	}

	/** The loopback port it listens on, once started. */
	public int port() {
		ServerSocket s = this.server;
		if (s == null) {
			throw new IllegalStateException("Not started");
		}
		return s.getLocalPort();
	}

	/** How long a connection may stay idle before this server closes it. */
	public Duration idleTimeout() {
		return this.idleTimeout;
	}

	@Override
	public void start() {
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open the idle-closing upstream on a loopback port", ex);
		}
		Thread acceptor = new Thread(this::accept, "idle-closing-upstream");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	@Override
	public void stop() {
		ServerSocket s = this.server;
		if (s != null) {
			closeQuietly(s);
			this.open.forEach(IdleClosingUpstream::closeQuietly);
		}
	}

	@Override
	public boolean isRunning() {
		ServerSocket s = this.server;
		return s != null && !s.isClosed();
	}

	private void accept() {
		ServerSocket s = this.server;
		while (!s.isClosed()) {
			try {
				Socket socket = s.accept();
				this.open.add(socket);
				Thread worker = new Thread(() -> serve(socket), "idle-closing-upstream-" + socket.getPort());
				worker.setDaemon(true);
				worker.start();
			}
			catch (IOException ex) {
				if (!s.isClosed()) {
					logger.warn("Idle-closing upstream failed to accept a connection", ex);
				}
			}
		}
	}

	private void serve(Socket socket) {
		String lastRun = null;
		try (socket) {
			socket.setSoTimeout((int) Math.max(1, this.idleTimeout.toMillis()));
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			while (true) {
				String target;
				try {
					target = readRequestTarget(in);
				}
				catch (SocketTimeoutException idle) {
					// Idle for idleTimeout: close without a word, as a server or load balancer would.
					socket.close();
					ended(lastRun, true);
					return;
				}
				if (target == null) {
					// The client closed the connection first (eofpool learned this server's idle timeout).
					ended(lastRun, false);
					return;
				}
				lastRun = runOf(target);
				this.ledger.enter(lastRun, socket.getPort());
				try {
					out.write(RESPONSE);
					out.flush();
				}
				finally {
					this.ledger.exit(lastRun);
				}
			}
		}
		catch (IOException ex) {
			// The client went away mid-request; nothing to report.
		}
		finally {
			this.open.remove(socket);
		}
	}

	private void ended(String run, boolean byServer) {
		if (run != null) {
			this.ledger.connectionEnded(run, byServer);
		}
	}

	/** Reads one request head; returns its target, or {@code null} at end of stream before a request. */
	private static String readRequestTarget(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				if (head.size() == 0) {
					return null;
				}
				throw new IOException("Request head cut short");
			}
			head.write(b);
			if (head.size() > MAX_HEAD) {
				throw new IOException("Request head too large");
			}
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String requestLine = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
		String[] parts = requestLine.split(" ");
		return (parts.length == 3) ? parts[1] : "";
	}

	private static String runOf(String target) {
		int query = target.indexOf('?');
		if (query >= 0) {
			for (String param : target.substring(query + 1).split("&")) {
				if (param.startsWith("run=")) {
					return param.substring(4);
				}
			}
		}
		return "";
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
