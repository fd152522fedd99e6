package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.io.WireWriter;

/**
 * Writes a request: the request line and headers into the writer's buffer, then the body through a fixed-length or
 * chunked stream, then one flush (a small request leaves in one write). The transport owns {@code Host} (unless the caller set one),
 * {@code Content-Length} and {@code Transfer-Encoding}. Through a proxy, an {@code http} request uses the
 * absolute-form target and carries the proxy's {@code Proxy-Authorization}; an {@code https} one goes through a
 * tunnel and looks exactly as without a proxy.
 */
public final class RequestWriter {

	/** The header line the transport adds when it negotiates the content coding. */
	private static final String ACCEPT_ENCODING_LINE = "Accept-Encoding: " + ContentDecoding.ACCEPT_ENCODING + "\r\n";

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

	/** Writes the whole request and flushes it, without negotiating a content coding. */
	public static void write(WireWriter out, HttpRequest request, Route route) throws IOException {
		write(out, request, route, false);
	}

	/**
	 * Writes the whole request and flushes it.
	 * @param compression whether content decoding is on for the route: then, when the caller set neither
	 * {@code Accept-Encoding} nor {@code Range} ({@link ContentDecoding#negotiates}), {@code Accept-Encoding:
	 * gzip, deflate} is written (the request's headers stay the caller's own)
	 */
	public static void write(WireWriter out, HttpRequest request, Route route, boolean compression)
			throws IOException {
		long length = announcedLength(request);
		out.writeAscii(request.method());
		out.writeByte(' ');
		boolean viaProxy = route.proxy() != null && !route.secure();
		if (viaProxy) {
			// absolute-form (RFC 9112 section 3.2.2): a proxy needs the whole target
			out.writeAscii(route.scheme());
			out.writeAscii("://");
			out.writeUriPart(route.authority());
		}
		writeTarget(out, request.uri());
		out.writeAscii(" HTTP/1.1\r\n");
		HttpHeaders headers = request.headers();
		if (!headers.contains("Host")) {
			out.writeAscii("Host: ");
			writeAuthority(out, route);
			out.writeAscii("\r\n");
		}
		if (viaProxy && route.proxy().authorization() != null && !headers.contains("Proxy-Authorization")) {
			out.writeAscii("Proxy-Authorization: ");
			out.writeAscii(route.proxy().authorization());
			out.writeAscii("\r\n");
		}
		for (int i = 0, n = headers.size(); i < n; i++) {
			String name = headers.name(i);
			if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
				continue;
			}
			out.writeAscii(name);
			out.writeAscii(": ");
			out.writeAscii(headers.value(i));
			out.writeAscii("\r\n");
		}
		if (compression && ContentDecoding.negotiates(headers)) {
			out.writeAscii(ACCEPT_ENCODING_LINE);
		}
		if (length >= 0) {
			out.writeAscii("Content-Length: ");
			out.writeDecimal(length);
			out.writeAscii("\r\n\r\n");
		}
		else if (length == -1) {
			out.writeAscii("Transfer-Encoding: chunked\r\n\r\n");
		}
		else {
			out.writeAscii("\r\n");
		}
		RequestBody body = request.body();
		if (body != null) {
			if (length >= 0) {
				FixedLengthOutputStream framed = new FixedLengthOutputStream(out, length, route);
				body.writeTo(framed);
				framed.finish();
			}
			else {
				ChunkedOutputStream framed = new ChunkedOutputStream(out);
				body.writeTo(framed);
				framed.finish();
			}
		}
		out.flush();
	}

	/**
	 * Writes {@link Route#authority()} without building the string on every request. The host is written as a part
	 * of the target is ({@link WireWriter#writeUriPart}): one from a {@link URI} is ASCII letters, digits and
	 * {@code .-:%_} only, and a character outside visible ASCII in a route made otherwise is percent-encoded, so it
	 * can never end the header line.
	 */
	private static void writeAuthority(WireWriter out, Route route) throws IOException {
		String host = route.host();
		boolean ipv6 = host.indexOf(':') >= 0;
		if (ipv6) {
			out.writeByte('[');
		}
		out.writeUriPart(host);
		if (ipv6) {
			out.writeByte(']');
		}
		if (!route.defaultPort()) {
			out.writeByte(':');
			out.writeDecimal(route.port());
		}
	}

	/**
	 * Writes the origin-form request target: raw path (or "/") and raw query, never the fragment. {@link URI} keeps
	 * both raw parts as strings, so nothing is built. It leaves visible non-ASCII characters in them unescaped (a
	 * path {@code /caf} then U+00E9): they are sent percent-encoded as UTF-8 ({@code /caf%C3%A9}), never cut to a low
	 * byte that could be a CR, LF or space ({@link WireWriter#writeUriPart}).
	 */
	static void writeTarget(WireWriter out, URI uri) throws IOException {
		String path = uri.getRawPath();
		out.writeUriPart((path == null || path.isEmpty()) ? "/" : path);
		String query = uri.getRawQuery();
		if (query != null) {
			out.writeByte('?');
			out.writeUriPart(query);
		}
	}

	/** Counts what the body writes; writing more or less than announced is an error, never a silent truncation. */
	static final class FixedLengthOutputStream extends OutputStream {

		private final WireWriter out;

		private final long length;

		private final Route route;

		private long written;

		FixedLengthOutputStream(WireWriter out, long length, Route route) {
			this.out = out;
			this.length = length;
			this.route = route;
		}

		@Override
		public void write(int b) throws IOException {
			check(1);
			this.out.writeByte(b);
			this.written++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			check(len);
			this.out.write(b, off, len);
			this.written += len;
		}

		private void check(int len) throws IOException {
			if (this.written + len > this.length) {
				throw new HttpProtocolException("Request body for " + this.route + " is longer than its Content-Length of "
						+ this.length + " bytes");
			}
		}

		/** Does nothing: the connection outlives the body, which {@link RequestBody#writeTo} may close. */
		@Override
		public void close() {
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

		private final WireWriter out;

		private final byte[] one = new byte[1];

		ChunkedOutputStream(WireWriter out) {
			this.out = out;
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
			writeHex(len);
			this.out.writeAscii("\r\n");
			this.out.write(b, off, len);
			this.out.writeAscii("\r\n");
		}

		/** The chunk size (at least 1: an empty write sends no chunk) in lower-case hex digits, without a string. */
		private void writeHex(int value) throws IOException {
			int shift = (31 - Integer.numberOfLeadingZeros(value)) & ~3;
			for (; shift >= 0; shift -= 4) {
				this.out.writeByte(Character.forDigit((value >>> shift) & 0xf, 16));
			}
		}

		/** Does nothing: the connection outlives the body, which {@link RequestBody#writeTo} may close. */
		@Override
		public void close() {
		}

		void finish() throws IOException {
			this.out.writeAscii("0\r\n\r\n");
		}
	}
}
