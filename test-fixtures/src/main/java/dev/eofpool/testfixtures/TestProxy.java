package dev.eofpool.testfixtures;

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

/**
 * A loopback HTTP proxy for tests. {@code CONNECT host:port} opens a tunnel to that port <em>on loopback</em>, whatever
 * the host (so tests can use names no DNS knows), and relays bytes both ways; an absolute-form request ({@code GET http://...}) is answered by the proxy itself with
 * {@code proxied <target>}, keep-alive. With {@link #requireAuthorization} set, requests without that exact
 * {@code Proxy-Authorization} get 407. Counts accepted connections and records request lines and headers.
 */
public final class TestProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final ExecutorService executor = Executors.newCachedThreadPool((r) -> {
		Thread t = new Thread(r, "test-proxy");
		t.setDaemon(true);
		return t;
	});

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	private final List<List<String>> requestHeaders = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile String requiredAuthorization;

	public TestProxy() throws IOException {
		this.serverSocket = new ServerSocket();
		this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		this.executor.execute(this::acceptLoop);
	}

	/** Answers 407 to requests without this {@code Proxy-Authorization} value. */
	public TestProxy requireAuthorization(String value) {
		this.requiredAuthorization = value;
		return this;
	}

	private void acceptLoop() {
		while (!this.serverSocket.isClosed()) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.accepted.incrementAndGet();
			this.sockets.add(socket);
			this.executor.execute(() -> {
				try {
					serve(socket);
				}
				catch (IOException ex) {
					// the client or the tunnel went away
				}
				finally {
					closeQuietly(socket);
				}
			});
		}
	}

	private void serve(Socket socket) throws IOException {
		InputStream in = new BufferedInputStream(socket.getInputStream());
		OutputStream out = socket.getOutputStream();
		for (;;) {
			String line = readLine(in);
			if (line == null) {
				return;
			}
			List<String> headers = new ArrayList<>();
			String h;
			while ((h = readLine(in)) != null && !h.isEmpty()) {
				headers.add(h);
			}
			this.requestLines.add(line);
			this.requestHeaders.add(headers);
			String required = this.requiredAuthorization;
			if (required != null && !headers.contains("Proxy-Authorization: " + required)) {
				out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
						+ "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				return;
			}
			String[] parts = line.split(" ");
			if (parts[0].equals("CONNECT")) {
				tunnel(parts[1], in, out);
				return;
			}
			byte[] body = ("proxied " + parts[1]).getBytes(StandardCharsets.ISO_8859_1);
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
		}
	}

	private void tunnel(String target, InputStream in, OutputStream out) throws IOException {
		int colon = target.lastIndexOf(':');
		try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(target.substring(colon + 1)))) {
			this.sockets.add(upstream);
			out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			this.executor.execute(() -> {
				try {
					upstream.getInputStream().transferTo(out);
				}
				catch (IOException ex) {
					// either side closed
				}
				finally {
					closeQuietly(upstream);
				}
			});
			in.transferTo(upstream.getOutputStream());
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				String s = line.toString(StandardCharsets.ISO_8859_1);
				return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
			}
			line.write(b);
		}
		return null;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/** Connections accepted from clients so far. */
	public int accepted() {
		return this.accepted.get();
	}

	/** Request lines received, in order ({@code CONNECT host:port HTTP/1.1}, {@code GET http://... HTTP/1.1}). */
	public List<String> requestLines() {
		return this.requestLines;
	}

	/** The header lines of each request, in the order of {@link #requestLines()}. */
	public List<List<String>> requestHeaders() {
		return this.requestHeaders;
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket s : this.sockets) {
			closeQuietly(s);
		}
		this.executor.shutdownNow();
	}
}
