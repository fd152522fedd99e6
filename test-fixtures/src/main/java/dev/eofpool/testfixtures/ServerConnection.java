package dev.eofpool.testfixtures;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server's side of one accepted connection: read requests, write exact bytes. */
public final class ServerConnection {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final int index;

	private final TestServer server;

	ServerConnection(Socket socket, int index, TestServer server) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.index = index;
		this.server = server;
	}

	/** Which accepted connection this is (0 for the first). */
	public int index() {
		return this.index;
	}

	public Socket socket() {
		return this.socket;
	}

	/** Reads one request (head and body by Content-Length or chunked); {@code null} when the client closed first. */
	public RecordedRequest readRequest() throws IOException {
		StringBuilder head = new StringBuilder();
		String line = readLine();
		if (line == null) {
			return null;
		}
		head.append(line).append("\r\n");
		String[] parts = line.split(" ", 3);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		while (true) {
			String h = readLine();
			if (h == null) {
				throw new IOException("client closed inside the request head");
			}
			head.append(h).append("\r\n");
			if (h.isEmpty()) {
				break;
			}
			int colon = h.indexOf(':');
			headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(), (k) -> new ArrayList<>())
				.add(h.substring(colon + 1).trim());
		}
		byte[] body = new byte[0];
		List<String> te = headers.get("transfer-encoding");
		List<String> cl = headers.get("content-length");
		if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			while (true) {
				int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
				if (size == 0) {
					while (!readLine().isEmpty()) {
						// trailers
					}
					break;
				}
				bytes.write(this.in.readNBytes(size));
				readLine();
			}
			body = bytes.toByteArray();
		}
		else if (cl != null) {
			body = this.in.readNBytes(Integer.parseInt(cl.get(0)));
		}
		RecordedRequest request = new RecordedRequest(parts[0], parts[1], parts[2], headers, body, head.toString(),
				this.index);
		this.server.recorded(request);
		return request;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = this.in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int n = bytes.length;
				if (n > 0 && bytes[n - 1] == '\r') {
					n--;
				}
				return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
	}

	/** Writes these characters (ISO-8859-1) and flushes. */
	public ServerConnection write(String s) throws IOException {
		return write(s.getBytes(StandardCharsets.ISO_8859_1));
	}

	public ServerConnection write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
		return this;
	}

	/** A full response with a Content-Length body. */
	public ServerConnection respond(int status, String body, String... headers) throws IOException {
		StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
		for (String h : headers) {
			sb.append(h).append("\r\n");
		}
		sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
		return write(sb.toString());
	}

	/** Blocks until the client closes its side (or it resets); true when it was an orderly EOF. */
	public boolean awaitClientClose() {
		try {
			return this.in.read() == -1;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Closes with a TCP reset instead of a FIN. */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	public void close() throws IOException {
		this.socket.close();
	}
}
