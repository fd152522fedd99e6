package dev.eofpool.benchmarks.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Reads a target server's accepted-connection count from its {@code /status} page (nginx {@code stub_status} format:
 * the line after {@code server accepts handled requests} starts with the count). Uses its own one-shot socket, which
 * the count includes: callers subtract one per reading.
 */
public final class ServerStatus {

	private static final int TIMEOUT_MILLIS = 5_000;

	private ServerStatus() {
	}

	/**
	 * Connections the server has accepted since it started, this reading's own included.
	 * @throws IOException when the page cannot be read or has no such count
	 */
	public static long accepted(URI base) throws IOException {
		String page = fetch(base);
		int header = page.indexOf("server accepts handled requests");
		if (header < 0) {
			throw new IOException("No accept count in the status page of " + base + ": " + page);
		}
		String counts = page.substring(page.indexOf('\n', header) + 1).trim();
		int space = counts.indexOf(' ');
		try {
			return Long.parseLong(space < 0 ? counts : counts.substring(0, space));
		}
		catch (NumberFormatException ex) {
			throw new IOException("Unreadable accept count in the status page of " + base + ": " + page, ex);
		}
	}

	private static String fetch(URI base) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /status HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream page = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			int n;
			while ((n = in.read(buffer)) >= 0 && page.size() < 64 * 1024) {
				page.write(buffer, 0, n);
			}
			return page.toString(StandardCharsets.US_ASCII);
		}
	}
}
