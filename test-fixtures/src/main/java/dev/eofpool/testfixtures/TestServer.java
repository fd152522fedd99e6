package dev.eofpool.testfixtures;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP/1.1 server on loopback for exact-byte tests. Each accepted connection runs the script on its own
 * thread; the server counts accepted sockets so tests prove reuse from the server's side.
 */
public final class TestServer implements AutoCloseable {

	/** What the server does with one accepted connection. */
	@FunctionalInterface
	public interface Script {

		void run(ServerConnection connection) throws Exception;
	}

	/** Answers each request on a connection, until the client closes it. */
	@FunctionalInterface
	public interface Responder {

		void respond(ServerConnection connection, RecordedRequest request) throws Exception;
	}

	/** Turns an accepted socket into the one the script talks through (for example a server-mode TLS socket). */
	@FunctionalInterface
	public interface SocketWrapper {

		Socket wrap(Socket accepted) throws IOException;
	}

	private final ServerSocket serverSocket;

	private final SocketWrapper wrapper;

	private final ExecutorService executor = Executors.newCachedThreadPool((r) -> {
		Thread t = new Thread(r, "test-server");
		t.setDaemon(true);
		return t;
	});

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private TestServer(Script script) throws IOException {
		this(script, (s) -> s);
	}

	private TestServer(Script script, SocketWrapper wrapper) throws IOException {
		this(script, wrapper, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	private TestServer(Script script, SocketWrapper wrapper, InetSocketAddress bind) throws IOException {
		this.wrapper = wrapper;
		this.serverSocket = new ServerSocket();
		this.serverSocket.bind(bind, 512);
		this.executor.execute(() -> acceptLoop(script));
	}

	/** A keep-alive server on {@code bind} (another loopback address, a given port) answering with the responder. */
	public static TestServer responding(InetSocketAddress bind, Responder responder) throws IOException {
		return new TestServer(answering(responder), (s) -> s, bind);
	}

	/** A server running the script on every connection. */
	public static TestServer start(Script script) throws IOException {
		return new TestServer(script);
	}

	/** A keep-alive server answering every request with the responder. */
	public static TestServer responding(Responder responder) throws IOException {
		return new TestServer(answering(responder));
	}

	/** A server running the script on every connection, each wrapped first (the wrapping runs on its thread). */
	public static TestServer start(SocketWrapper wrapper, Script script) throws IOException {
		return new TestServer(script, wrapper);
	}

	/** A keep-alive server answering every request with the responder, each connection wrapped first. */
	public static TestServer responding(SocketWrapper wrapper, Responder responder) throws IOException {
		return new TestServer(answering(responder), wrapper);
	}

	private static Script answering(Responder responder) {
		return (c) -> {
			RecordedRequest r;
			while ((r = c.readRequest()) != null) {
				responder.respond(c, r);
			}
		};
	}

	private void acceptLoop(Script script) {
		while (!this.serverSocket.isClosed()) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				return;
			}
			int index = this.accepted.getAndIncrement();
			try {
				socket.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				// keep going with Nagle
			}
			this.sockets.add(socket);
			this.executor.execute(() -> {
				try {
					Socket wrapped = this.wrapper.wrap(socket);
					this.sockets.add(wrapped);
					script.run(new ServerConnection(wrapped, index, this));
				}
				catch (Exception ex) {
					if (!this.serverSocket.isClosed()) {
						this.failures.add(ex);
					}
				}
				finally {
					try {
						socket.close();
					}
					catch (IOException ex) {
						// closing anyway
					}
				}
			});
		}
	}

	void recorded(RecordedRequest request) {
		this.requests.add(request);
	}

	/** Connections accepted so far. */
	public int accepted() {
		return this.accepted.get();
	}

	public List<RecordedRequest> requests() {
		return this.requests;
	}

	public List<Throwable> failures() {
		return this.failures;
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket s : this.sockets) {
			s.close();
		}
		this.executor.shutdownNow();
	}
}
