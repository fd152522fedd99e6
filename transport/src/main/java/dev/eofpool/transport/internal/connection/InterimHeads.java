package dev.eofpool.transport.internal.connection;

/**
 * Tells an interim response (RFC 9110 15.2: a 1xx status other than 101, such as 100 Continue or 102 Processing) from
 * a final answer in the response bytes that arrived while the request was still being sent (see
 * {@link EarlyAnswerWatch}): an interim head is no answer, so the upload goes on. Only what is needed to decide is
 * checked; the response head parser reads the same bytes afterwards and judges them in full. Stateless.
 */
final class InterimHeads {

	/** What {@link #end} returns when the bytes begin a final response, or no response at all. */
	static final int FINAL = -1;

	/** The bytes of {@code HTTP/1.x SP 3DIGIT}: enough to tell the status. */
	private static final int STATUS_END = 12;

	private static final String VERSION = "HTTP/1.";

	private InterimHeads() {
	}

	/**
	 * Where the interim head starting at {@code from} ends among the bytes of {@code a} before {@code to}.
	 * @return the index past the empty line that ends it; {@code from} when the bytes could still begin an interim
	 * head but do not hold it whole yet; {@link #FINAL} when they begin a final response (a status of 200 or more, or
	 * 101, which is final for this client) or are no status line at all
	 */
	static int end(byte[] a, int from, int to) {
		int n = Math.min(to - from, STATUS_END);
		for (int i = 0; i < n; i++) {
			if (!fits(a[from + i], i)) {
				return FINAL;
			}
		}
		if (n < STATUS_END) {
			return from;
		}
		int status = (a[from + 9] - '0') * 100 + (a[from + 10] - '0') * 10 + (a[from + 11] - '0');
		if (status < 100 || status > 199 || status == 101) {
			return FINAL;
		}
		if (to - from > STATUS_END) {
			byte after = a[from + STATUS_END];
			if (after != ' ' && after != '\r' && after != '\n') {
				return FINAL; // a fourth digit, say: not a status line
			}
		}
		int line = -1; // where the header line being read starts; -1 while still in the status line
		for (int i = from + STATUS_END; i < to; i++) {
			if (a[i] == '\n') {
				if (line >= 0 && (i == line || (i == line + 1 && a[line] == '\r'))) {
					return i + 1; // the empty line (CRLF or a bare LF, as the head parser accepts) ends the head
				}
				line = i + 1;
			}
		}
		return from;
	}

	/** Whether {@code b} may be byte {@code i} of {@code HTTP/1.x SP 3DIGIT}. */
	private static boolean fits(byte b, int i) {
		if (i < VERSION.length()) {
			return b == VERSION.charAt(i);
		}
		if (i == 8) {
			return b == ' ';
		}
		return b >= '0' && b <= '9';
	}

}
