package dev.eofpool.transport.internal.http1;


/** What a header name or value may contain (RFC 9110 field syntax), checked before a byte is written. */
public final class HeaderRules {

	private HeaderRules() {
	}

	/** Whether {@code s} is a non-empty RFC 9110 token (method names, header names). */
	public static boolean isToken(String s) {
		if (s == null || s.isEmpty()) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= 128 || !Tokens.isTokenByte((byte) c)) {
				return false;
			}
		}
		return true;
	}

	/** Refuses a header name that is not a token, before anything is written. */
	public static void checkName(String name) {
		if (!isToken(name)) {
			throw new IllegalArgumentException("Invalid header name " + quote(name)
					+ ": a header name must be a non-empty token (no spaces, colons, CR, LF or NUL)");
		}
	}

	/** Refuses a null header value, or one with CR, LF, NUL or a character outside ISO-8859-1 (header injection). */
	public static void checkValue(String name, String value) {
		if (value == null) {
			throw new IllegalArgumentException("Header '" + name + "' has a null value");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\r' || c == '\n' || c == 0) {
				throw new IllegalArgumentException("Header '" + name + "' value contains "
						+ (c == 0 ? "NUL" : (c == '\r' ? "CR" : "LF")) + " at index " + i
						+ ": refusing to send it (header injection)");
			}
			if (c > 0xFF) {
				throw new IllegalArgumentException("Header '" + name + "' value has a character outside ISO-8859-1 at index " + i);
			}
		}
	}

	/**
	 * The header name {@code a[s..s+n)} as a {@code String}: the shared constant for a name most responses carry,
	 * whatever its case, else a new one. The bytes must be a token.
	 */
	public static String headerName(byte[] a, int s, int n) {
		return Tokens.headerName(a, s, n);
	}

	/**
	 * Whether the comma-separated list holds the token, ignoring case and the blanks around each element, as for
	 * {@code Connection: keep-alive, Upgrade}.
	 */
	public static boolean hasToken(String list, String token) {
		int start = 0;
		int length = list.length();
		while (start < length) {
			int comma = list.indexOf(',', start);
			int end = (comma < 0) ? length : comma;
			int s = start;
			int e = end;
			while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
				s++;
			}
			while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
				e--;
			}
			if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	/** {@link #hasToken(String, String)} over the received bytes {@code a[from..to)}. */
	public static boolean hasToken(byte[] a, int from, int to, String token) {
		int start = from;
		while (start < to) {
			int end = start;
			while (end < to && a[end] != ',') {
				end++;
			}
			int s = start;
			int e = end;
			while (s < e && (a[s] == ' ' || a[s] == '\t')) {
				s++;
			}
			while (e > s && (a[e - 1] == ' ' || a[e - 1] == '\t')) {
				e--;
			}
			if (e - s == token.length() && sameIgnoringCase(a, s, token)) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	/**
	 * Whether the bytes from {@code a[from]} spell {@code s}, ignoring case as {@link String#equalsIgnoreCase} does
	 * (the bytes are ISO-8859-1 characters).
	 */
	public static boolean sameIgnoringCase(byte[] a, int from, String s) {
		for (int k = 0; k < s.length(); k++) {
			char c = (char) (a[from + k] & 0xFF);
			char e = s.charAt(k);
			if (c != e) {
				if (c < 0x80 && e < 0x80) {
					int lower = c | 0x20;
					if (lower != (e | 0x20) || lower < 'a' || lower > 'z') {
						return false;
					}
				}
				else {
					char u = Character.toUpperCase(c);
					char v = Character.toUpperCase(e);
					if (u != v && Character.toLowerCase(u) != Character.toLowerCase(v)) {
						return false;
					}
				}
			}
		}
		return true;
	}


	/**
	 * The bit of a 64-bit name filter that a header name sets, from its length and its first and last characters,
	 * ignoring ASCII case: names that are equal ignoring case set the same bit, so a filter without a name's bit
	 * proves the name absent. A name whose first or last character is not ASCII (never a token's) sets every bit: it
	 * may equal others ignoring case in ways the bit cannot follow.
	 */
	public static long nameBit(String name) {
		int n = name.length();
		return (n == 0) ? -1L : nameBit(n, name.charAt(0), name.charAt(n - 1));
	}

	/** {@link #nameBit(String)} of the received name {@code a[from..to)}. */
	public static long nameBit(byte[] a, int from, int to) {
		return (to <= from) ? -1L : nameBit(to - from, (char) (a[from] & 0xFF), (char) (a[to - 1] & 0xFF));
	}

	private static long nameBit(int length, char first, char last) {
		if (first >= 0x80 || last >= 0x80) {
			return -1L;
		}
		return 1L << (((length * 31 + (first | 0x20)) * 31 + (last | 0x20)) & 63);
	}

	private static String quote(String s) {
		if (s == null) {
			return "null";
		}
		return "'" + s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "'";
	}
}
