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

	private static String quote(String s) {
		if (s == null) {
			return "null";
		}
		return "'" + s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "'";
	}
}
