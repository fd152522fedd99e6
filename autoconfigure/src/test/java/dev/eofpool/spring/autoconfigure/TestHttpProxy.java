package dev.eofpool.spring.autoconfigure;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP proxy that answers body-less absolute-form requests ({@code GET http://host/path}) itself, with
 * {@code proxied <target>} and keep-alive, so tests can use host names no DNS knows, and tunnels
 * {@code CONNECT host:port} to that port on loopback, whatever the host. Counts the connections it accepted and
 * records each request line with its headers.
 */
final class TestHttpProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	TestHttpProxy() throws IOException {
		this.serverSocket = new ServerSocket();
		this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.executor.execute(this::accept);
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/** Connections accepted from clients so far. */
	int accepted() {
		return this.accepted.get();
	}

	/** The requests received, in order. */
	List<Request> requests() {
		return this.requests;
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				this.accepted.incrementAndGet();
				this.sockets.add(socket);
				this.executor.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			String line;
			while ((line = readLine(in)) != null) {
				List<String> headers = new ArrayList<>();
				String header;
				while ((header = readLine(in)) != null && !header.isEmpty()) {
					headers.add(header);
				}
				this.requests.add(new Request(line, headers));
				if (line.startsWith("CONNECT ")) {
					tunnel(line.split(" ")[1], in, out);
					return;
				}
				byte[] body = ("proxied " + line.split(" ")[1]).getBytes(StandardCharsets.ISO_8859_1);
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
						+ "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private void tunnel(String target, InputStream in, OutputStream out) throws IOException {
		int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
		try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
			this.sockets.add(upstream);
			out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			this.executor.execute(() -> {
				try (upstream) {
					upstream.getInputStream().transferTo(out);
				}
				catch (IOException ex) {
					// either side closed
				}
			});
			in.transferTo(upstream.getOutputStream());
		}
	}

	private static @Nullable String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return null;
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.executor.shutdownNow();
	}

	/**
	 * One request as the proxy received it.
	 *
	 * @param line the request line, such as {@code GET http://origin.test/hello HTTP/1.1}
	 * @param headers the header lines, as sent
	 */
	record Request(String line, List<String> headers) {
	}

}
