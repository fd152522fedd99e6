package dev.eofpool.transport.internal.http1;

import java.nio.charset.StandardCharsets;

/** Byte classes of RFC 9110 tokens, and shared strings for the header names every response carries. */
public final class Tokens {

	private static final boolean[] TOKEN = new boolean[256];

	/** Common names returned as constants instead of a new string per response. */
	private static final String[] COMMON = { "Content-Length", "Content-Type", "Transfer-Encoding", "Connection",
			"Keep-Alive", "Date", "Server", "Location", "Cache-Control", "Vary", "ETag", "Last-Modified",
			"Content-Encoding", "Set-Cookie", "Accept-Ranges", "Expires", "Trailer" };

	static {
		for (char c = '0'; c <= '9'; c++) {
			TOKEN[c] = true;
		}
		for (char c = 'a'; c <= 'z'; c++) {
			TOKEN[c] = true;
			TOKEN[c - 32] = true;
		}
		for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
			TOKEN[c] = true;
		}
	}

	private Tokens() {
	}

	/** Whether the byte may appear in an RFC 9110 token (method and header names). */
	public static boolean isTokenByte(byte b) {
		return TOKEN[b & 0xFF];
	}

	static String headerName(byte[] a, int s, int n) {
		for (String common : COMMON) {
			if (common.length() == n && matches(common, a, s)) {
				return common;
			}
		}
		return new String(a, s, n, StandardCharsets.ISO_8859_1);
	}

	private static boolean matches(String name, byte[] a, int s) {
		for (int i = 0; i < name.length(); i++) {
			int c = a[s + i];
			int e = name.charAt(i);
			if (c != e && (c | 0x20) != (e | 0x20)) {
				return false;
			}
		}
		return true;
	}
}
