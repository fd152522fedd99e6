package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.connection.Connection;

/**
 * A {@code Transfer-Encoding: chunked} body (RFC 9112 section 7.1), trailers included. After each chunk's data it
 * decodes whatever framing is already buffered, so when the last chunk and the trailers arrived with the data, the
 * body completes inside the read that returns the last data byte (a JSON parser that stops there still frees the
 * connection).
 */
public final class ChunkedBody extends BodyStream {

	private static final int SIZE = 0;

	private static final int DATA = 1;

	private static final int DATA_END = 2;

	private static final int TRAILERS = 3;

	private static final int DONE = 4;

	/** At most 15 hex digits, so a chunk size can never overflow a long. */
	private static final int MAX_SIZE_DIGITS = 15;

	private final Route route;

	private final HeadLimits limits;

	private int state = SIZE;

	private long remaining;

	private long received;

	private List<String> trailerFields;

	private int trailerBytes;

	public ChunkedBody(Connection conn, BodyEnd end, Route route, HeadLimits limits) {
		super(conn, end);
		this.route = route;
		this.limits = limits;
	}

	@Override
	protected int readBody(byte[] b, int off, int len) throws IOException {
		for (;;) {
			if (this.state == DATA) {
				int n = this.conn.read(b, off, (int) Math.min(len, this.remaining));
				if (n < 0) {
					throw truncated("inside a chunk");
				}
				this.remaining -= n;
				this.received += n;
				if (this.remaining == 0) {
					this.state = DATA_END;
					while (this.state != DONE && this.state != DATA && this.conn.hasBufferedLine()) {
						step();
					}
				}
				return n;
			}
			if (this.state == DONE) {
				return -1;
			}
			step();
		}
	}

	/** Decodes one framing line (may block). */
	private void step() throws IOException {
		int n = this.conn.readLine(this.limits.maxHeaderLineLength(), "chunk framing");
		if (n < 0) {
			throw truncated((this.state == TRAILERS) ? "inside the trailers" : "before the last chunk");
		}
		byte[] a = this.conn.lineArray();
		int s = this.conn.lineStart();
		switch (this.state) {
			case DATA_END:
				if (n != 0) {
					throw new HttpProtocolException("Chunked body from " + this.route
							+ " has no CRLF after a chunk's data, after " + this.received + " bytes");
				}
				this.state = SIZE;
				break;
			case SIZE:
				long size = parseSize(a, s, n);
				if (size == 0) {
					this.state = TRAILERS;
				}
				else {
					this.remaining = size;
					this.state = DATA;
				}
				break;
			case TRAILERS:
				if (n == 0) {
					this.state = DONE;
					completed();
					return;
				}
				this.trailerBytes += n + 2;
				if (this.trailerBytes > this.limits.maxHeaderBlockSize()) {
					throw new HttpProtocolException("Trailers from " + this.route + " are larger than the limit of "
							+ this.limits.maxHeaderBlockSize() + " bytes");
				}
				if (this.trailerFields == null) {
					this.trailerFields = new ArrayList<>(4);
				}
				ResponseHeadParser.parseField(a, s, n, this.route, this.trailerFields);
				if (this.trailerFields.size() / 2 > this.limits.maxHeaderCount()) {
					throw new HttpProtocolException("Response from " + this.route + " has more than "
							+ this.limits.maxHeaderCount() + " trailer fields");
				}
				break;
			default:
				throw new IllegalStateException("chunk state " + this.state);
		}
	}

	private long parseSize(byte[] a, int s, int n) throws HttpProtocolException {
		long size = 0;
		int digits = 0;
		int i = s;
		int end = s + n;
		for (; i < end; i++) {
			int d = Character.digit(a[i], 16);
			if (d < 0) {
				break;
			}
			if (++digits > MAX_SIZE_DIGITS) {
				throw badSize(a, s, n, "too large");
			}
			size = (size << 4) | d;
		}
		if (digits == 0) {
			throw badSize(a, s, n, "not hexadecimal");
		}
		// optional whitespace, then chunk extensions (ignored) or nothing
		while (i < end && (a[i] == ' ' || a[i] == '\t')) {
			i++;
		}
		if (i < end && a[i] != ';') {
			throw badSize(a, s, n, "not hexadecimal");
		}
		return size;
	}

	private HttpProtocolException badSize(byte[] a, int s, int n, String why) {
		return new HttpProtocolException("Invalid chunk size from " + this.route + " (" + why + "): '"
				+ ResponseHeadParser.printable(a, s, n) + "' after " + this.received + " bytes");
	}

	private TruncatedBodyException truncated(String where) {
		return new TruncatedBodyException("Chunked response body from " + this.route + " ended " + where + " after "
				+ this.received + " bytes", this.received);
	}

	/** Trailer fields, once the body was read to its end (empty before, or when none). */
	public HttpHeaders trailers() {
		return (this.state == DONE && this.trailerFields != null) ? HttpHeaders.ofParsed(this.trailerFields)
				: HttpHeaders.empty();
	}

	@Override
	protected long knownRemaining() {
		return -1;
	}

	@Override
	protected int bufferedBody() {
		return (this.state == DATA) ? (int) Math.min(this.conn.buffered(), this.remaining) : 0;
	}
}
