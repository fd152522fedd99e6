package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.connection.Connection;

/**
 * Writes a request: the request line and headers into the connection's write buffer, then the body through a
 * fixed-length or chunked stream, then one flush. The transport owns {@code Host} (unless the caller set one),
 * {@code Content-Length} and {@code Transfer-Encoding}. Through a proxy, an {@code http} request uses the
 * absolute-form target and carries the proxy's {@code Proxy-Authorization}; an {@code https} one goes through a
 * tunnel and looks exactly as without a proxy.
 */
public final class RequestWriter {

	private RequestWriter() {
	}

	/**
	 * The body length to announce: the body's own, else a caller's {@code Content-Length} header, else -1 (chunked);
	 * 0 for a body-less POST, PUT, PATCH or DELETE; -2 for no body and no {@code Content-Length} at all.
	 */
	static long announcedLength(HttpRequest request) throws IOException {
		RequestBody body = request.body();
		if (body == null) {
			switch (request.method()) {
				case "POST", "PUT", "PATCH", "DELETE":
					return 0;
				default:
					return -2;
			}
		}
		long length = body.contentLength();
		if (length < 0) {
			String header = request.headers().first("Content-Length");
			if (header != null) {
				try {
					length = Long.parseLong(header.trim());
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("Invalid Content-Length header '" + header + "' on " + request);
				}
				if (length < 0) {
					throw new IllegalArgumentException("Negative Content-Length header '" + header + "' on " + request);
				}
			}
		}
		return length;
	}

	/** Writes the whole request and flushes it. */
	public static void write(Connection conn, HttpRequest request, Route route) throws IOException {
		long length = announcedLength(request);
		conn.writeAscii(request.method());
		conn.writeByte(' ');
		boolean viaProxy = route.proxy() != null && !route.secure();
		if (viaProxy) {
			// absolute-form (RFC 9112 section 3.2.2): a proxy needs the whole target
			conn.writeAscii(route.scheme());
			conn.writeAscii("://");
			conn.writeAscii(route.authority());
		}
		conn.writeAscii(target(request.uri()));
		conn.writeAscii(" HTTP/1.1\r\n");
		HttpHeaders headers = request.headers();
		if (!headers.contains("Host")) {
			conn.writeAscii("Host: ");
			writeAuthority(conn, route);
			conn.writeAscii("\r\n");
		}
		if (viaProxy && route.proxy().authorization() != null && !headers.contains("Proxy-Authorization")) {
			conn.writeAscii("Proxy-Authorization: ");
			conn.writeAscii(route.proxy().authorization());
			conn.writeAscii("\r\n");
		}
		for (int i = 0, n = headers.size(); i < n; i++) {
			String name = headers.name(i);
			if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
				continue;
			}
			conn.writeAscii(name);
			conn.writeAscii(": ");
			conn.writeAscii(headers.value(i));
			conn.writeAscii("\r\n");
		}
		if (length >= 0) {
			conn.writeAscii("Content-Length: ");
			conn.writeDecimal(length);
			conn.writeAscii("\r\n\r\n");
		}
		else if (length == -1) {
			conn.writeAscii("Transfer-Encoding: chunked\r\n\r\n");
		}
		else {
			conn.writeAscii("\r\n");
		}
		RequestBody body = request.body();
		if (body != null) {
			if (length >= 0) {
				FixedLengthOutputStream out = new FixedLengthOutputStream(conn, length, route);
				body.writeTo(out);
				out.finish();
			}
			else {
				ChunkedOutputStream out = new ChunkedOutputStream(conn);
				body.writeTo(out);
				out.finish();
			}
		}
		conn.flush();
	}

	/** Writes {@link Route#authority()} without building the string on every request. */
	private static void writeAuthority(Connection conn, Route route) throws IOException {
		String host = route.host();
		boolean ipv6 = host.indexOf(':') >= 0;
		if (ipv6) {
			conn.writeByte('[');
		}
		conn.writeAscii(host);
		if (ipv6) {
			conn.writeByte(']');
		}
		if (!route.defaultPort()) {
			conn.writeByte(':');
			conn.writeDecimal(route.port());
		}
	}

	/** The origin-form request target: raw path (or "/") and raw query, never the fragment. */
	static String target(URI uri) {
		String path = uri.getRawPath();
		String query = uri.getRawQuery();
		if (path == null || path.isEmpty()) {
			path = "/";
		}
		return (query != null) ? path + "?" + query : path;
	}

	/** Counts what the body writes; writing more or less than announced is an error, never a silent truncation. */
	static final class FixedLengthOutputStream extends OutputStream {

		private final Connection conn;

		private final long length;

		private final Route route;

		private long written;

		FixedLengthOutputStream(Connection conn, long length, Route route) {
			this.conn = conn;
			this.length = length;
			this.route = route;
		}

		@Override
		public void write(int b) throws IOException {
			check(1);
			this.conn.writeByte(b);
			this.written++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			check(len);
			this.conn.write(b, off, len);
			this.written += len;
		}

		private void check(int len) throws IOException {
			if (this.written + len > this.length) {
				throw new HttpProtocolException("Request body for " + this.route + " is longer than its Content-Length of "
						+ this.length + " bytes");
			}
		}

		void finish() throws IOException {
			if (this.written != this.length) {
				throw new HttpProtocolException("Request body for " + this.route + " wrote " + this.written + " of the "
						+ this.length + " bytes its Content-Length announced");
			}
		}
	}

	/** Frames each write as one chunk; {@link #finish()} writes the last chunk. */
	static final class ChunkedOutputStream extends OutputStream {

		private final Connection conn;

		private final byte[] one = new byte[1];

		ChunkedOutputStream(Connection conn) {
			this.conn = conn;
		}

		@Override
		public void write(int b) throws IOException {
			this.one[0] = (byte) b;
			write(this.one, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return;
			}
			this.conn.writeAscii(Integer.toHexString(len));
			this.conn.writeAscii("\r\n");
			this.conn.write(b, off, len);
			this.conn.writeAscii("\r\n");
		}

		void finish() throws IOException {
			this.conn.writeAscii("0\r\n\r\n");
		}
	}
}
