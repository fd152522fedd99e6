package dev.eofpool.transport.internal.http1;

import java.util.List;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * How a response body is delimited (RFC 9112 section 6.3), and whether that framing leaves the connection reusable.
 * <ol>
 * <li>No body after a {@code HEAD} request or with a 1xx, 204 or 304 status.</li>
 * <li>{@code Transfer-Encoding} whose last coding is {@code chunked}: chunked, even when a {@code Content-Length} is
 * there too (a smuggling vector: the connection is then never reused); any other last coding: until close.</li>
 * <li>{@code Content-Length}: exactly that many bytes; repeated or comma-separated values must agree, and an invalid
 * or conflicting one is a protocol error.</li>
 * <li>Otherwise: until the server closes the connection, which is then never reused.</li>
 * </ol>
 */
public enum BodyFraming {

	/** No body at all. */
	NONE(null),

	/** {@code Content-Length} bytes. */
	CONTENT_LENGTH(null),

	/** {@code Transfer-Encoding: chunked}. */
	CHUNKED(null),

	/** Chunked, with a {@code Content-Length} beside it: read as chunked, then the connection is closed. */
	CHUNKED_WITH_CONTENT_LENGTH(CloseReason.CHUNKED_WITH_CONTENT_LENGTH),

	/** Until the server closes the connection. */
	UNTIL_CLOSE(CloseReason.READ_UNTIL_CLOSE);

	private final CloseReason noReuse;

	BodyFraming(CloseReason noReuse) {
		this.noReuse = noReuse;
	}

	/** Why this framing forbids reusing the connection after the body, or {@code null} when it allows it. */
	public CloseReason noReuse() {
		return this.noReuse;
	}

	/** The framing of the response to a request with {@code method}. */
	public static BodyFraming of(String method, ResponseHead head) {
		int status = head.status();
		if ("HEAD".equals(method) || status == 204 || status == 304 || status < 200) {
			return NONE;
		}
		HttpHeaders headers = head.headers();
		List<String> te = headers.all("Transfer-Encoding");
		if (!te.isEmpty()) {
			if (!lastCodingIsChunked(te)) {
				return UNTIL_CLOSE;
			}
			return headers.contains("Content-Length") ? CHUNKED_WITH_CONTENT_LENGTH : CHUNKED;
		}
		return headers.contains("Content-Length") ? CONTENT_LENGTH : UNTIL_CLOSE;
	}

	/**
	 * The framing of the response to a request with {@code method}, once its {@code Transfer-Encoding} was read:
	 * {@code codings} decides chunked or until close (a {@code Content-Length} beside chunked still forbids reuse).
	 * @param codings the parsed {@code Transfer-Encoding}, or {@code null} when the response has none (it is not
	 * looked up again)
	 */
	public static BodyFraming of(String method, ResponseHead head, TransferCodings codings) {
		if (!hasBody(method, head.status())) {
			return NONE;
		}
		if (codings == null) {
			return head.headers().contains("Content-Length") ? CONTENT_LENGTH : UNTIL_CLOSE;
		}
		if (!codings.chunked()) {
			return UNTIL_CLOSE;
		}
		return head.headers().contains("Content-Length") ? CHUNKED_WITH_CONTENT_LENGTH : CHUNKED;
	}

	/** Whether a response to {@code method} with this status can have a body at all. */
	public static boolean hasBody(String method, int status) {
		return !("HEAD".equals(method) || status == 204 || status == 304 || status < 200);
	}

	/**
	 * Opens the body this framing delimits. A body of no bytes ends (and calls {@link BodyEnd#complete()}) before this
	 * returns.
	 * @throws HttpProtocolException when the {@code Content-Length} is invalid or its values conflict
	 */
	public BodyStream open(ResponseHead head, WireReader in, BodyEnd end, Route route, HeadLimits limits)
			throws HttpProtocolException {
		switch (this) {
			case NONE:
				return new FixedLengthBody(in, end, 0, route);
			case CONTENT_LENGTH:
				return new FixedLengthBody(in, end, contentLength(head.headers(), route), route);
			case CHUNKED, CHUNKED_WITH_CONTENT_LENGTH:
				return new ChunkedBody(in, end, route, limits);
			default:
				return new UntilCloseBody(in, end, route);
		}
	}

	private static boolean lastCodingIsChunked(List<String> values) {
		String last = values.get(values.size() - 1);
		int comma = last.lastIndexOf(',');
		return last.substring(comma + 1).trim().equalsIgnoreCase("chunked");
	}

	/**
	 * The length the {@code Content-Length} fields give: one valid value is read where it was received (no
	 * {@code String}), others as a list.
	 */
	private static long contentLength(HttpHeaders headers, Route route) throws HttpProtocolException {
		long only = headers.decimal("Content-Length");
		return (only >= 0) ? only : contentLength(headers.all("Content-Length"), route);
	}

	/**
	 * The one length all values give (repeated headers or comma lists must agree), else a protocol error. Each value is
	 * 1 to 18 decimal digits, blanks around it allowed.
	 */
	static long contentLength(List<String> values, Route route) throws HttpProtocolException {
		if (values.size() == 1) {
			long fast = Digits.decimal(values.get(0), Digits.MAX_DECIMAL);
			if (fast >= 0) {
				return fast;
			}
		}
		long length = -1;
		for (String value : values) {
			for (String part : value.split(",", -1)) {
				long parsed = Digits.decimal(part.trim(), Digits.MAX_DECIMAL);
				if (parsed < 0) {
					throw new HttpProtocolException("Invalid Content-Length from " + route + ": '" + value + "'");
				}
				if (length >= 0 && parsed != length) {
					throw new HttpProtocolException("Conflicting Content-Length values from " + route + ": " + values);
				}
				length = parsed;
			}
		}
		return length;
	}
}
