package dev.eofpool.transport.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded generator of HTTP/1.1 responses for the fuzzer: well-formed ones over every framing and the tolerated
 * variations (LF line ends, folded headers, 1xx preludes, chunk extensions, trailers, HTTP/1.0), and mutations of
 * them (flipped, inserted, deleted and duplicated bytes, edited numbers, hostile headers). Same seed, same inputs.
 */
final class ResponseGenerator {

	/** One input: the request method and the exact bytes the server sends before closing. */
	record Sample(String method, byte[] bytes, String kind) {
	}

	private static final byte[] INTERESTING = { '\r', '\n', 0, ':', ' ', '\t', '0', '9', 'a', 'f', 'g', ';', ',', '-',
			'H', (byte) 0x80, (byte) 0xff, 0x7f, 0x01 };

	private static final String[] HOSTILE_HEADERS = { "Content-Length: 0", "Content-Length: 5", "Content-Length: -1",
			"Content-Length: 99999999999999999999", "Content-Length: 1, 2", "Transfer-Encoding: chunked",
			"Transfer-Encoding: gzip", "Transfer-Encoding: chunked, identity", "Connection: close",
			"Connection: keep-alive", "Keep-Alive: timeout=5, max=0", "Content-Length : 3", " folded: x", "X\0: y",
			"Bad Name: z", ":empty-name", "HTTP/1.1 200 OK" };

	private final Random random;

	ResponseGenerator(long seed) {
		this.random = new Random(seed);
	}

	private int n(int bound) {
		return this.random.nextInt(bound);
	}

	private boolean chance(int percent) {
		return n(100) < percent;
	}

	private <T> T pick(T[] options) {
		return options[n(options.length)];
	}

	/** A well-formed response (possibly not reusable, possibly followed by garbage). */
	Sample valid() {
		String method = chance(15) ? "HEAD" : "GET";
		Out out = new Out();
		String eol = chance(10) ? "\n" : "\r\n";
		if (chance(15)) {
			for (int i = 1 + n(2); i > 0; i--) {
				out.ascii("HTTP/1.1 " + pick(new String[] { "100 Continue", "102 Processing", "103 Early Hints" }) + eol);
				if (chance(50)) {
					out.ascii("Link: </style.css>; rel=preload" + eol);
				}
				out.ascii(eol);
			}
		}
		int minor = chance(12) ? 0 : 1;
		int status = pick(new Integer[] { 200, 200, 200, 201, 204, 206, 301, 304, 404, 500, 503 });
		String reason = pick(new String[] { "OK", "", "Not Found", "Some  reason\twith spaces", "caf\u00e9" });
		out.ascii("HTTP/1." + minor + " " + status + ((reason.isEmpty() && chance(50)) ? "" : " " + reason) + eol);
		for (int i = n(5); i > 0; i--) {
			out.ascii(pick(new String[] { "Date", "Server", "X-Trace-Id", "cache-control", "Vary", "x-a", "Set-Cookie",
					"X_Odd~Name!" }) + ":" + pick(new String[] { " ", "", "\t", "  " }) + value() + eol);
			if (chance(5)) {
				out.ascii(pick(new String[] { " ", "\t" }) + "continued " + value() + eol);
			}
		}
		boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
		byte[] body = new byte[chance(20) ? n(3000) : n(200)];
		this.random.nextBytes(body);
		int framing = n(10); // 0-4 length, 5-7 chunked, 8 until close, 9 chunked with length
		if (minor == 0 && chance(60)) {
			out.ascii("Connection: keep-alive" + eol);
		}
		else if (minor == 1 && chance(12)) {
			out.ascii("Connection: " + pick(new String[] { "close", "Close", "keep-alive, close" }) + eol);
		}
		if (framing <= 4 || framing == 9) {
			String length = Integer.toString(body.length);
			out.ascii(pick(new String[] { "Content-Length", "content-length", "CONTENT-LENGTH" }) + ": "
					+ (chance(10) ? length + ", " + length : length) + eol);
			if (chance(5)) {
				out.ascii("Content-Length: " + length + eol);
			}
		}
		if (framing >= 5 && framing != 8) {
			out.ascii("Transfer-Encoding: " + pick(new String[] { "chunked", "Chunked", "gzip, chunked" }) + eol);
		}
		out.ascii(eol);
		if (!noBody) {
			if (framing >= 5 && framing != 8) {
				chunks(out, body, eol);
			}
			else {
				out.bytes(body);
			}
		}
		if (chance(8)) {
			out.ascii(pick(new String[] { "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfake", "garbage", "\r\n", "x" }));
		}
		return new Sample(method, out.toByteArray(), "valid");
	}

	private String value() {
		StringBuilder sb = new StringBuilder();
		for (int i = n(40); i > 0; i--) {
			int c = 0x20 + n(0x5f);
			sb.append(chance(3) ? '\t' : (char) c);
		}
		if (chance(5)) {
			sb.append('\u00e9');
		}
		return sb.toString();
	}

	private void chunks(Out out, byte[] body, String eol) {
		int at = 0;
		while (at < body.length) {
			int size = Math.min(body.length - at, 1 + n(chance(30) ? 2000 : 64));
			String hex = Integer.toHexString(size);
			hex = chance(30) ? hex.toUpperCase() : hex;
			hex = chance(10) ? "00" + hex : hex;
			out.ascii(hex + (chance(10) ? ";ext=" + n(100) : "") + (chance(5) ? " ;q" : "") + eol);
			out.bytes(Arrays.copyOfRange(body, at, at + size));
			out.ascii(eol);
			at += size;
		}
		out.ascii((chance(20) ? "000" : "0") + eol);
		for (int i = chance(20) ? 1 + n(2) : 0; i > 0; i--) {
			out.ascii("X-Checksum-" + i + ": " + value() + eol);
		}
		out.ascii(eol);
	}

	/** A valid response with one to three mutations. */
	Sample mutated() {
		Sample base = valid();
		byte[] b = base.bytes();
		for (int m = 1 + n(3); m > 0; m--) {
			b = mutate(b);
		}
		return new Sample(base.method(), b, "mutated");
	}

	private byte[] mutate(byte[] b) {
		if (b.length == 0) {
			return new byte[] { pick2(INTERESTING) };
		}
		int at = n(b.length);
		switch (n(8)) {
			case 0: { // flip bits
				byte[] c = b.clone();
				c[at] ^= (byte) (1 << n(8));
				return c;
			}
			case 1: { // replace with an interesting byte
				byte[] c = b.clone();
				c[at] = pick2(INTERESTING);
				return c;
			}
			case 2: // insert an interesting byte
				return splice(b, at, at, new byte[] { pick2(INTERESTING) });
			case 3: // delete a run
				return splice(b, at, Math.min(b.length, at + 1 + n(4)), new byte[0]);
			case 4: { // duplicate a run
				int end = Math.min(b.length, at + 1 + n(16));
				return splice(b, end, end, Arrays.copyOfRange(b, at, end));
			}
			case 5: // edit a number
				return editNumber(b, at);
			case 6: { // insert a hostile header after the first line end
				int lf = indexOf(b, (byte) '\n', 0);
				int where = (lf < 0) ? at : lf + 1;
				return splice(b, where, where, (pick(HOSTILE_HEADERS) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			}
			default: // truncate
				return Arrays.copyOf(b, at);
		}
	}

	private byte pick2(byte[] options) {
		return options[n(options.length)];
	}

	private byte[] editNumber(byte[] b, int from) {
		for (int i = from; i < b.length; i++) {
			if (Character.digit(b[i], 16) >= 0) {
				int end = i;
				while (end < b.length && Character.digit(b[end], 16) >= 0) {
					end++;
				}
				String replacement = pick(new String[] { "0", "1", "ffffffffffffffff", "7fffffffffffffff", "-1", "10",
						"999999999", "" + (end - i), "00000000000000000000001" });
				return splice(b, i, end, replacement.getBytes(StandardCharsets.ISO_8859_1));
			}
		}
		return b;
	}

	private static int indexOf(byte[] b, byte x, int from) {
		for (int i = from; i < b.length; i++) {
			if (b[i] == x) {
				return i;
			}
		}
		return -1;
	}

	private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
		byte[] c = new byte[b.length - (to - from) + insert.length];
		System.arraycopy(b, 0, c, 0, from);
		System.arraycopy(insert, 0, c, from, insert.length);
		System.arraycopy(b, to, c, from + insert.length, b.length - to);
		return c;
	}

	private static final class Out extends ByteArrayOutputStream {

		void ascii(String s) {
			writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
		}

		void bytes(byte[] b) {
			writeBytes(b);
		}
	}
}
