package dev.eofpool.benchmarks.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import dev.eofpool.benchmarks.load.Workload;

/**
 * A small, fast HTTP/1.1 server on loopback for when nginx is not there (and for the smoke test): blocking sockets,
 * one platform thread per connection, every answer prebuilt. Keep-alive without a request limit or idle timeout, so
 * a client that pools well opens exactly one socket per connection it wants.
 */
public final class EmbeddedServer implements TargetServer {

	private final ServerSocket serverSocket;

	private final Thread acceptor;

	/** The TLS port's socket, or {@code null} without a certificate. */
	private final ServerSocket tlsSocket;

	private final Thread tlsAcceptor;

	private final SelfSignedCertificate certificate;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final byte[] answer1k = answer(Workload.GET_1K.responseBytes());

	private final byte[] answer64k = answer(Workload.GET_64K.responseBytes());

	private final byte[] answerPost = answer(Workload.POST_RESPONSE_BYTES);

	private volatile boolean closed;

	private EmbeddedServer(ServerSocket serverSocket, ServerSocket tlsSocket, SelfSignedCertificate certificate) {
		this.serverSocket = serverSocket;
		this.acceptor = new Thread(() -> acceptLoop(serverSocket), "embedded-server-acceptor");
		this.acceptor.setDaemon(true);
		this.tlsSocket = tlsSocket;
		this.certificate = certificate;
		if (tlsSocket != null) {
			this.tlsAcceptor = new Thread(() -> acceptLoop(tlsSocket), "embedded-server-tls-acceptor");
			this.tlsAcceptor.setDaemon(true);
		}
		else {
			this.tlsAcceptor = null;
		}
	}

	/** Starts a server on a free loopback port, without TLS. */
	public static EmbeddedServer start() throws IOException {
		return start(null);
	}

	/**
	 * Starts a server on a free loopback port and, with a certificate, the same paths over TLS (the JDK's
	 * {@code SSLServerSocket}, its default protocols and session handling) on a second one.
	 */
	public static EmbeddedServer start(SelfSignedCertificate certificate) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
		ServerSocket tls = null;
		if (certificate != null) {
			SSLContext context = certificate.serverContext();
			tls = context.getServerSocketFactory().createServerSocket();
			tls.setReuseAddress(true);
			tls.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
		}
		EmbeddedServer server = new EmbeddedServer(socket, tls, certificate);
		server.acceptor.start();
		if (server.tlsAcceptor != null) {
			server.tlsAcceptor.start();
		}
		return server;
	}

	@Override
	public URI base() {
		return URI.create("http://127.0.0.1:" + this.serverSocket.getLocalPort());
	}

	@Override
	public URI httpsBase() {
		return (this.tlsSocket != null) ? URI.create("https://127.0.0.1:" + this.tlsSocket.getLocalPort()) : null;
	}

	@Override
	public Path trustStore() {
		return (this.certificate != null) ? this.certificate.trustStore() : null;
	}

	@Override
	public String httpsUnavailableReason() {
		return (this.tlsSocket != null) ? null : "the embedded server was started without a certificate";
	}

	@Override
	public String description() {
		return "embedded (JDK blocking sockets, a thread per connection" + (this.tlsSocket != null ? "; TLS: JDK "
				+ "SSLServerSocket, session resumption as the JDK defaults" : "") + ")";
	}

	private void acceptLoop(ServerSocket serverSocket) {
		while (!this.closed) {
			Socket socket;
			try {
				socket = serverSocket.accept();
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
				continue;
			}
			this.accepted.incrementAndGet();
			this.open.add(socket);
			Thread handler = new Thread(() -> serve(socket), "embedded-server-" + socket.getPort());
			handler.setDaemon(true);
			handler.start();
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setTcpNoDelay(true);
			new EmbeddedConnection(socket, this).run();
		}
		catch (SocketException ex) {
			// the client went away or the server is closing: nothing to do
		}
		catch (IOException ex) {
			// a malformed request: the connection is closed, the client sees it
		}
		finally {
			this.open.remove(socket);
		}
	}

	/** The prebuilt answer (head and body) to a request, or {@code null} for a path the server does not serve. */
	byte[] answer(String method, String path) {
		this.requests.incrementAndGet();
		switch (path) {
			case "/1k":
				return "GET".equals(method) ? this.answer1k : null;
			case "/64k":
				return "GET".equals(method) ? this.answer64k : null;
			case "/post":
				return "POST".equals(method) ? this.answerPost : null;
			case "/status":
				return statusPage();
			default:
				return null;
		}
	}

	/** The {@code stub_status} page nginx would show. */
	private byte[] statusPage() {
		long accepts = this.accepted.get();
		String body = "Active connections: " + this.open.size() + " \nserver accepts handled requests\n " + accepts + " "
				+ accepts + " " + this.requests.get() + " \nReading: 0 Writing: 1 Waiting: 0 \n";
		return withHead(body.getBytes(StandardCharsets.US_ASCII), "text/plain");
	}

	private static byte[] answer(int length) {
		byte[] body = new byte[length];
		for (int i = 0; i < length; i++) {
			body[i] = (byte) ('A' + (i % 26));
		}
		return withHead(body, "application/octet-stream");
	}

	private static byte[] withHead(byte[] body, String contentType) {
		byte[] head = ("HTTP/1.1 200 OK\r\nServer: eofpool-benchmarks\r\nContent-Type: " + contentType
				+ "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

	/** Connections accepted since start. */
	public long accepted() {
		return this.accepted.get();
	}

	@Override
	public void close() {
		this.closed = true;
		for (ServerSocket listening : new ServerSocket[] { this.serverSocket, this.tlsSocket }) {
			try {
				if (listening != null) {
					listening.close();
				}
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		for (Socket s : this.open) {
			try {
				s.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		try {
			this.acceptor.join(5_000);
			if (this.tlsAcceptor != null) {
				this.tlsAcceptor.join(5_000);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
