package dev.eofpool.transport.internal.http1;

/**
 * The one parser of unsigned numbers in HTTP framing: {@code Content-Length}, chunk sizes and {@code Keep-Alive}
 * values. Only ASCII digits count (no sign, no whitespace, no other script's digits), and the caller bounds the
 * number of digits so the value can never overflow a {@code long}: at most 18 decimal or 15 hexadecimal digits.
 */
final class Digits {

	/** The most decimal digits a caller may allow: 10^18 - 1 still fits a long. */
	static final int MAX_DECIMAL = 18;

	/** The most hexadecimal digits a caller may allow: 16^15 - 1 still fits a long. */
	static final int MAX_HEX = 15;

	private Digits() {
	}

	/**
	 * The value of {@code s} when it is 1 to {@code maxDigits} decimal digits and nothing else, else -1.
	 * @param maxDigits at most {@link #MAX_DECIMAL}
	 */
	static long decimal(String s, int maxDigits) {
		int n = s.length();
		if (n == 0 || n > maxDigits) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < n; i++) {
			int d = value(s.charAt(i), 10);
			if (d < 0) {
				return -1;
			}
			value = value * 10 + d;
		}
		return value;
	}

	/**
	 * The value of the bytes {@code a[from..to)} when they are 1 to {@link #MAX_HEX} hexadecimal digits and nothing
	 * else, else -1.
	 */
	static long hex(byte[] a, int from, int to) {
		int n = to - from;
		if (n <= 0 || n > MAX_HEX) {
			return -1;
		}
		long value = 0;
		for (int i = from; i < to; i++) {
			int d = value(a[i], 16);
			if (d < 0) {
				return -1;
			}
			value = (value << 4) | d;
		}
		return value;
	}

	/** The end of the run of hexadecimal digits that starts at {@code from} (at most {@code to}). */
	static int hexRunEnd(byte[] a, int from, int to) {
		int i = from;
		while (i < to && value(a[i], 16) >= 0) {
			i++;
		}
		return i;
	}

	/** The value of one ASCII digit in the radix (10 or 16, letters in either case), else -1. */
	private static int value(int c, int radix) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (radix == 16) {
			int lower = c | 0x20;
			if (lower >= 'a' && lower <= 'f') {
				return lower - 'a' + 10;
			}
		}
		return -1;
	}
}
