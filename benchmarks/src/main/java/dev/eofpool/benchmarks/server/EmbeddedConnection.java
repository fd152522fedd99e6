package dev.eofpool.benchmarks.server;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One connection of the {@link EmbeddedServer}: reads requests one after another (head, then the whole body, fixed
 * length or chunked) and writes each prebuilt answer in one write. Ends on EOF, a request's {@code Connection: close}
 * (after an answer that says so too), a malformed request or an unknown path (answered 404, then closed).
 */
final class EmbeddedConnection {

	private static final int MAX_HEAD = 16 * 1024;

	private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		.getBytes(StandardCharsets.US_ASCII);

	private final InputStream in;

	private final OutputStream out;

	private final EmbeddedServer server;

	private final byte[] head = new byte[MAX_HEAD];

	private final byte[] discard = new byte[16 * 1024];

	EmbeddedConnection(Socket socket, EmbeddedServer server) throws IOException {
		this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
		this.out = socket.getOutputStream();
		this.server = server;
	}

	void run() throws IOException {
		int length;
		while ((length = readHead()) > 0) {
			String text = new String(this.head, 0, length, StandardCharsets.ISO_8859_1);
			int sp1 = text.indexOf(' ');
			int sp2 = text.indexOf(' ', sp1 + 1);
			if (sp1 <= 0 || sp2 <= sp1) {
				throw new IOException("Malformed request line");
			}
			String method = text.substring(0, sp1);
			String path = text.substring(sp1 + 1, sp2);
			String lower = text.toLowerCase(java.util.Locale.ROOT);
			if (lower.contains("\r\ntransfer-encoding: chunked")) {
				skipChunked();
			}
			else {
				skip(contentLength(lower));
			}
			byte[] answer = this.server.answer(method, path);
			if (answer == null) {
				this.out.write(NOT_FOUND);
				return;
			}
			if (lower.contains("\r\nconnection: close")) {
				// as nginx does: the answer says the connection closes, so no client takes it for reusable
				this.out.write(closing(answer));
				return;
			}
			this.out.write(answer);
		}
	}

	/** {@code answer} with {@code Connection: close} added to its head. */
	private static byte[] closing(byte[] answer) {
		int blank = 0;
		while (!(answer[blank] == '\r' && answer[blank + 1] == '\n' && answer[blank + 2] == '\r'
				&& answer[blank + 3] == '\n')) {
			blank++;
		}
		byte[] out = new byte[answer.length + CONNECTION_CLOSE.length];
		System.arraycopy(answer, 0, out, 0, blank + 2);
		System.arraycopy(CONNECTION_CLOSE, 0, out, blank + 2, CONNECTION_CLOSE.length);
		System.arraycopy(answer, blank + 2, out, blank + 2 + CONNECTION_CLOSE.length, answer.length - blank - 2);
		return out;
	}

	/** Reads a request head up to and including its blank line; returns its length, or 0 at a clean EOF. */
	private int readHead() throws IOException {
		int n = 0;
		for (;;) {
			int b = this.in.read();
			if (b < 0) {
				if (n == 0) {
					return 0;
				}
				throw new EOFException("EOF inside a request head");
			}
			if (n == MAX_HEAD) {
				throw new IOException("Request head over " + MAX_HEAD + " bytes");
			}
			this.head[n++] = (byte) b;
			if (b == '\n' && n >= 4 && this.head[n - 2] == '\r' && this.head[n - 3] == '\n' && this.head[n - 4] == '\r') {
				return n;
			}
		}
	}

	private static long contentLength(String lowerHead) throws IOException {
		int at = lowerHead.indexOf("\r\ncontent-length:");
		if (at < 0) {
			return 0;
		}
		int start = at + "\r\ncontent-length:".length();
		int end = lowerHead.indexOf('\r', start);
		try {
			return Long.parseLong(lowerHead.substring(start, end).trim());
		}
		catch (NumberFormatException ex) {
			throw new IOException("Malformed Content-Length", ex);
		}
	}

	private void skip(long length) throws IOException {
		long left = length;
		while (left > 0) {
			int n = this.in.read(this.discard, 0, (int) Math.min(left, this.discard.length));
			if (n < 0) {
				throw new EOFException("EOF inside a request body");
			}
			left -= n;
		}
	}

	private void skipChunked() throws IOException {
		for (;;) {
			String sizeLine = readLine();
			int semicolon = sizeLine.indexOf(';');
			long size;
			try {
				size = Long.parseLong((semicolon < 0) ? sizeLine.trim() : sizeLine.substring(0, semicolon).trim(), 16);
			}
			catch (NumberFormatException ex) {
				throw new IOException("Malformed chunk size", ex);
			}
			if (size == 0) {
				while (!readLine().isEmpty()) {
					// trailer fields: ignored
				}
				return;
			}
			skip(size);
			readLine();
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("EOF inside a chunked request body");
			}
			if (b != '\r') {
				line.append((char) b);
			}
			if (line.length() > 8192) {
				throw new IOException("Chunk line too long");
			}
		}
		return line.toString();
	}
}
