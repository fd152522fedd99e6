package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.eofpool.transport.EndBeforeResponseException;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.io.Line;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * Reads a response head (RFC 9112 section 4 and 5) within {@link HeadLimits}: the status line, then header lines up to
 * an empty line. Strict where laxness would let a server smuggle or confuse framing (whitespace before a colon, bare
 * CR, control characters, a malformed status line); tolerant where RFC 9112 allows (LF line ends, obsolete line folding
 * replaced by a space). How long it may take is the caller's business (the reader's wire carries the deadlines).
 * <p>
 * The header fields end up in one array the {@link HttpHeaders} own, values as indexes into it until asked for: a
 * head already whole in the reader's buffer is checked there and copied once ({@link BufferedHead}); any other (still
 * arriving, folded, over a limit or malformed) is read line by line into a {@link HeaderBlock}, the one path that
 * reports what is wrong.
 */
public final class ResponseHeadParser {

	/** Interim (1xx) responses skipped before giving up on a final one. */
	private static final int MAX_INTERIM_RESPONSES = 16;

	private ResponseHeadParser() {
	}

	/**
	 * Reads the final response head, skipping interim 1xx responses (100 Continue, 103 Early Hints).
	 * @throws EndBeforeResponseException when the connection ended before the first byte of a response
	 * @throws HttpProtocolException when the head is malformed or over its limits
	 */
	public static ResponseHead read(WireReader in, HeadLimits limits, Route route) throws IOException {
		for (int i = 0; i <= MAX_INTERIM_RESPONSES; i++) {
			ResponseHead head = readOne(in, limits, route, i == 0);
			if (head.status() >= 200 || head.status() == 101) {
				return head;
			}
		}
		throw new HttpProtocolException("More than " + MAX_INTERIM_RESPONSES + " interim (1xx) responses from " + route);
	}

	private static ResponseHead readOne(WireReader in, HeadLimits limits, Route route, boolean first)
			throws IOException {
		Line line;
		try {
			line = in.readLine(limits.maxStatusLineLength(), "status line");
		}
		catch (HttpProtocolException ex) {
			throw overLimit(ex, limits, "maxStatusLineLength");
		}
		if (line == null) {
			if (first) {
				throw new EndBeforeResponseException("Connection to " + route
						+ " closed by the server before any byte of the response");
			}
			throw new HttpProtocolException("Connection to " + route + " closed after an interim response");
		}
		byte[] a = line.array();
		int s = line.start();
		int length = line.length();
		// HTTP/1.x SP 3DIGIT [SP reason]
		if (length < 12 || a[s] != 'H' || a[s + 1] != 'T' || a[s + 2] != 'T' || a[s + 3] != 'P' || a[s + 4] != '/'
				|| a[s + 5] != '1' || a[s + 6] != '.' || !digit(a[s + 7]) || a[s + 8] != ' '
				|| !digit(a[s + 9]) || !digit(a[s + 10]) || !digit(a[s + 11]) || a[s + 9] == '0'
				|| (length > 12 && a[s + 12] != ' ')) {
			throw new HttpProtocolException("Malformed status line from " + route + ": '" + printable(a, s, length) + "'");
		}
		// RFC 9112 2.3: a higher minor version of HTTP/1 is processed as HTTP/1.1, the highest this client speaks
		int minor = (a[s + 7] == '0') ? 0 : 1;
		int status = (a[s + 9] - '0') * 100 + (a[s + 10] - '0') * 10 + (a[s + 11] - '0');
		String reason = "";
		if (length > 13) {
			for (int i = s + 13; i < s + length; i++) {
				if (a[i] == '\r' || a[i] == 0) {
					throw new HttpProtocolException("Malformed status line from " + route + ": control character in '"
							+ printable(a, s, length) + "'");
				}
			}
			reason = (length == 15 && a[s + 13] == 'O' && a[s + 14] == 'K') ? "OK"
					: new String(a, s + 13, length - 13, StandardCharsets.ISO_8859_1);
		}
		int blockSize = length + 2;
		HttpHeaders headers = BufferedHead.read(in, limits, blockSize);
		if (headers == null) {
			headers = readFields(in, limits, route, blockSize);
		}
		return new ResponseHead(minor, status, reason, headers);
	}

	/** The header lines up to the empty one, read and checked one by one (the whole head is not buffered yet). */
	private static HttpHeaders readFields(WireReader in, HeadLimits limits, Route route, int blockSize)
			throws IOException {
		HeaderBlock fields = new HeaderBlock(Math.min(limits.maxHeaderBlockSize(), 512));
		String what = "header line";
		for (;;) {
			int blockLeft = limits.maxHeaderBlockSize() - blockSize;
			if (blockLeft < 0) {
				throw blockTooLarge(route, limits);
			}
			Line line;
			try {
				line = in.readLine(Math.min(limits.maxHeaderLineLength(), blockLeft), what);
			}
			catch (HttpProtocolException ex) {
				// a line over what is left of the block: the block is what is too large
				throw (blockLeft < limits.maxHeaderLineLength()) ? blockTooLarge(route, limits)
						: overLimit(ex, limits, "maxHeaderLineLength");
			}
			if (line == null) {
				throw new HttpProtocolException("Connection to " + route + " closed inside the response head");
			}
			int n = line.length();
			blockSize += n + 2;
			// the limit plus 2 would wrap for a limit of Integer.MAX_VALUE (no limit)
			if (blockSize - 2 > limits.maxHeaderBlockSize()) {
				throw blockTooLarge(route, limits);
			}
			if (n == 0) {
				return fields.headers();
			}
			byte[] a = line.array();
			int s = line.start();
			if (a[s] == ' ' || a[s] == '\t') {
				if (fields.count() == 0) {
					throw new HttpProtocolException("Response head from " + route + " starts with a folded line");
				}
				// obsolete line folding: RFC 9112 5.2 asks a user agent to replace it with a space
				int from = valueStart(a, s, s + n);
				int to = valueEnd(a, from, s + n);
				checkValue(a, from, to, route);
				fields.fold(a, from, to);
				continue;
			}
			int colon = nameEnd(a, s, n, route);
			int from = valueStart(a, colon + 1, s + n);
			int to = valueEnd(a, from, s + n);
			checkValue(a, from, to, route);
			fields.add(a, s, colon, from, to);
			if (fields.count() > limits.maxHeaderCount()) {
				throw new HttpProtocolException("Response from " + route + " has more than " + limits.maxHeaderCount()
						+ " header fields" + limits.toAccept("maxHeaderCount"));
			}
		}
	}

	/** Parses {@code name: value} into the list; chunked trailers use it. */
	static void parseField(byte[] a, int s, int n, Route route, List<String> fields) throws HttpProtocolException {
		int colon = nameEnd(a, s, n, route);
		int from = valueStart(a, colon + 1, s + n);
		int to = valueEnd(a, from, s + n);
		checkValue(a, from, to, route);
		fields.add(Tokens.headerName(a, s, colon - s));
		fields.add(new String(a, from, to - from, StandardCharsets.ISO_8859_1));
	}

	/** The index of the colon ending the token name that starts the line {@code a[s..s+n)}. */
	private static int nameEnd(byte[] a, int s, int n, Route route) throws HttpProtocolException {
		int colon = -1;
		for (int i = s; i < s + n; i++) {
			byte b = a[i];
			if (b == ':') {
				colon = i;
				break;
			}
			if (!Tokens.isTokenByte(b)) {
				throw new HttpProtocolException("Malformed header line from " + route + " (invalid character in name): '"
						+ printable(a, s, n) + "'");
			}
		}
		if (colon <= s) {
			throw new HttpProtocolException("Malformed header line from " + route + " (no name or no colon): '"
					+ printable(a, s, n) + "'");
		}
		return colon;
	}

	/** Where a value starts in {@code a[from..to)}: past the blanks. */
	private static int valueStart(byte[] a, int from, int to) {
		while (from < to && (a[from] == ' ' || a[from] == '\t')) {
			from++;
		}
		return from;
	}

	/** Where a value that starts at {@code from} ends, the line ending at {@code to}: before the blanks. */
	private static int valueEnd(byte[] a, int from, int to) {
		while (to > from && (a[to - 1] == ' ' || a[to - 1] == '\t')) {
			to--;
		}
		return to;
	}

	/** Refuses a value {@code a[from..to)} with CR, LF or NUL inside. */
	private static void checkValue(byte[] a, int from, int to, Route route) throws HttpProtocolException {
		for (int i = from; i < to; i++) {
			byte b = a[i];
			if (b == '\r' || b == 0 || b == '\n') {
				throw new HttpProtocolException("Malformed header value from " + route + " (CR, LF or NUL inside): '"
						+ printable(a, from, to - from) + "'");
			}
		}
	}

	private static HttpProtocolException blockTooLarge(Route route, HeadLimits limits) {
		return new HttpProtocolException("Response head from " + route + " is larger than the limit of "
				+ limits.maxHeaderBlockSize() + " bytes" + limits.toAccept("maxHeaderBlockSize"));
	}

	/**
	 * A line over its limit, with the setting to raise; the reader's other failures (a malformed line end) as they
	 * are.
	 */
	private static HttpProtocolException overLimit(HttpProtocolException ex, HeadLimits limits, String setting) {
		if (!String.valueOf(ex.getMessage()).contains(" is longer than the limit of ")) {
			return ex;
		}
		HttpProtocolException named = new HttpProtocolException(ex.getMessage() + limits.toAccept(setting));
		named.initCause(ex);
		return named;
	}

	private static boolean digit(byte b) {
		return b >= '0' && b <= '9';
	}

	/** Up to 80 characters of a line for an error message, control characters escaped. */
	static String printable(byte[] a, int s, int n) {
		StringBuilder sb = new StringBuilder();
		for (int i = s; i < s + Math.min(n, 80); i++) {
			int c = a[i] & 0xFF;
			if (c < 0x20 || c == 0x7F) {
				sb.append(String.format("\\x%02x", c));
			}
			else {
				sb.append((char) c);
			}
		}
		if (n > 80) {
			sb.append("...");
		}
		return sb.toString();
	}
}
