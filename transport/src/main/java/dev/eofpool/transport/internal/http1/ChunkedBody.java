package dev.eofpool.transport.internal.http1;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.io.Line;
import dev.eofpool.transport.internal.io.WireReader;

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

	private final HeadLimits limits;

	private int state = SIZE;

	private long remaining;

	private long received;

	private List<String> trailerFields;

	private int trailerBytes;

	/** A chunked body whose framing and trailer lines are bounded by {@code limits}. */
	public ChunkedBody(WireReader in, BodyEnd end, Route route, HeadLimits limits) {
		super(in, end, route);
		this.limits = limits;
	}

	@Override
	protected int readBody(byte[] b, int off, int len) throws IOException {
		for (;;) {
			if (this.state == DATA) {
				int n = this.in.read(b, off, (int) Math.min(len, this.remaining));
				if (n < 0) {
					throw truncated("inside a chunk");
				}
				this.remaining -= n;
				this.received += n;
				if (this.remaining == 0) {
					this.state = DATA_END;
					while (this.state != DONE && this.state != DATA && this.in.hasBufferedLine()) {
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
		Line line;
		try {
			line = this.in.readLine(this.limits.maxHeaderLineLength(), "chunk framing");
		}
		catch (EOFException ex) {
			// the connection ended inside a framing line: the framing did not end, as when it ends between lines
			TruncatedBodyException truncated = truncated("inside " + lineName());
			truncated.initCause(ex);
			throw truncated;
		}
		if (line == null) {
			throw truncated((this.state == TRAILERS) ? "inside the trailers" : "before the last chunk");
		}
		byte[] a = line.array();
		int s = line.start();
		int n = line.length();
		if (!line.crlf()) {
			// RFC 9112 7.1: chunk framing lines end in CRLF; a bare LF is tolerated in the head only
			throw new HttpProtocolException("Chunked body from " + this.route + " has a framing line ended by a bare LF "
					+ "instead of CRLF (" + lineName() + "), after " + this.received + " bytes");
		}
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
							+ this.limits.maxHeaderBlockSize() + " bytes" + this.limits.toAccept("maxHeaderBlockSize"));
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

	/** The size of a chunk-size line: 1 to 15 hex digits, then nothing, or optional blanks and extensions (ignored). */
	private long parseSize(byte[] a, int s, int n) throws HttpProtocolException {
		int end = s + n;
		int digitsEnd = Digits.hexRunEnd(a, s, end);
		if (digitsEnd - s > Digits.MAX_HEX) {
			throw badSize(a, s, n, "too large");
		}
		long size = Digits.hex(a, s, digitsEnd);
		if (size < 0) {
			throw badSize(a, s, n, "not hexadecimal");
		}
		int i = digitsEnd;
		while (i < end && (a[i] == ' ' || a[i] == '\t')) {
			i++;
		}
		if (i < end && a[i] != ';') {
			throw badSize(a, s, n, "not hexadecimal");
		}
		if (i == end && i != digitsEnd) {
			// RFC 9112 7.1: chunk-size [ chunk-ext ] CRLF, whitespace (BWS) only before a ';'
			throw badSize(a, s, n, "whitespace after the size without an extension");
		}
		return size;
	}

	/** Names the framing line being read, for errors. */
	private String lineName() {
		switch (this.state) {
			case DATA_END:
				return "the line end after a chunk's data";
			case TRAILERS:
				return "a trailer line";
			default:
				return "a chunk-size line";
		}
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
	protected long framedAhead() {
		return (this.state == DATA) ? this.remaining : -1;
	}

	@Override
	protected int bufferedBody() {
		return (this.state == DATA) ? (int) Math.min(this.in.available(), this.remaining) : 0;
	}
}
