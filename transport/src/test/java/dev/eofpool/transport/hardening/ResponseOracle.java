package dev.eofpool.transport.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An independent, deliberately plain reading of the response rules the transport follows (RFC 9112 plus its stated
 * strictness), used as the fuzzer's reference: given the exact bytes a server sent before closing, what must the
 * client see, and may the connection be pooled? Written for clarity, not speed; never shares code with the transport.
 */
final class ResponseOracle {

	/**
	 * What the bytes mean.
	 *
	 * @param complete whether a final response and its whole body are there (else the client must get an error)
	 * @param status the final status
	 * @param body the body bytes the client must read
	 * @param reusable whether framing and keep-alive rules let the connection be pooled after it
	 * @param trailing bytes the server sent after the response (unsolicited: they forbid pooling too)
	 * @param why for an incomplete or invalid response, the first problem
	 */
	record Verdict(boolean complete, int status, byte[] body, boolean reusable, int trailing, String why,
			boolean framed) {

		Verdict(boolean complete, int status, byte[] body, boolean reusable, int trailing, String why) {
			this(complete, status, body, reusable, trailing, why, complete);
		}

		static Verdict invalid(String why) {
			return new Verdict(false, 0, null, false, 0, why);
		}

		/**
		 * A response whose framing is valid to its end but whose transfer-coded content does not decode: the client
		 * gets an error, and the connection may be pooled as the framing allows (the wire is in step).
		 */
		static Verdict undecodable(int status, boolean reusable, int trailing, String why) {
			return new Verdict(false, status, null, reusable, trailing, why, true);
		}

		/** Whether the connection may be pooled: framed to its end, reusable, and nothing after it. */
		boolean poolable() {
			return this.framed && this.reusable && this.trailing == 0;
		}
	}

	private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";

	private final byte[] in;

	private int pos;

	private ResponseOracle(byte[] in) {
		this.in = in;
	}

	static Verdict judge(String method, byte[] bytes) {
		return new ResponseOracle(bytes).judge(method);
	}

	private Verdict judge(String method) {
		int status = -1;
		int minor = 0;
		List<String[]> fields = null;
		for (int heads = 0; heads < 17; heads++) {
			String line = line();
			if (line == null) {
				return Verdict.invalid("no (complete) status line");
			}
			if (!statusLineOk(line)) {
				return Verdict.invalid("bad status line");
			}
			minor = (line.charAt(7) == '0') ? 0 : 1; // RFC 9112 2.3: HTTP/1.x with x > 1 is read as 1.1
			status = Integer.parseInt(line.substring(9, 12));
			fields = new ArrayList<>();
			String problem = headers(fields);
			if (problem != null) {
				return Verdict.invalid(problem);
			}
			if (status >= 200 || status == 101) {
				break;
			}
			status = -1;
		}
		if (status < 0) {
			return Verdict.invalid("too many interim responses");
		}
		if (status == 101) {
			return Verdict.invalid("switching protocols");
		}
		boolean reusable = true;
		if (hasToken(fields, "connection", "close")) {
			reusable = false;
		}
		else if (minor == 0 && !hasToken(fields, "connection", "keep-alive")) {
			reusable = false;
		}
		if (minor == 0 && !values(fields, "transfer-encoding").isEmpty()) {
			// RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding is closed after, keep-alive or not
			reusable = false;
		}
		if (keepAliveMaxZero(fields)) {
			reusable = false;
		}
		byte[] body;
		if (method.equals("HEAD") || status == 204 || status == 304) {
			body = new byte[0];
		}
		else if (!values(fields, "transfer-encoding").isEmpty()) {
			if (!values(fields, "content-length").isEmpty()) {
				reusable = false;
			}
			List<String> codings = new ArrayList<>();
			for (String value : values(fields, "transfer-encoding")) {
				for (String part : value.split(",", -1)) {
					String coding = part.trim().toLowerCase(Locale.ROOT);
					if (!coding.isEmpty()) {
						codings.add(coding);
					}
				}
			}
			if (codings.isEmpty()) {
				return Verdict.invalid("transfer-encoding without a coding");
			}
			boolean chunked = codings.get(codings.size() - 1).equals("chunked");
			if (chunked) {
				codings.remove(codings.size() - 1);
			}
			codings.removeIf("identity"::equals);
			for (String coding : codings) {
				if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("deflate")) {
					return Verdict.invalid("transfer coding " + coding + " refused"); // chunked not last too
				}
			}
			if (chunked) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				String problem = chunked(out);
				if (problem != null) {
					return Verdict.invalid(problem);
				}
				body = out.toByteArray();
			}
			else {
				body = rest();
				reusable = false;
			}
			for (int i = codings.size() - 1; i >= 0 && body.length > 0; i--) {
				try {
					body = decode(codings.get(i), body);
				}
				catch (java.io.IOException ex) {
					return Verdict.undecodable(status, reusable, this.in.length - this.pos,
							"transfer coding " + codings.get(i) + " does not decode: " + ex);
				}
			}
		}
		else if (!values(fields, "content-length").isEmpty()) {
			long length = -1;
			for (String value : values(fields, "content-length")) {
				for (String part : value.split(",", -1)) {
					String v = part.trim();
					if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch((c) -> c >= '0' && c <= '9')) {
						return Verdict.invalid("bad content-length");
					}
					long n = Long.parseLong(v);
					if (length >= 0 && n != length) {
						return Verdict.invalid("conflicting content-length");
					}
					length = n;
				}
			}
			if (this.in.length - this.pos < length) {
				return Verdict.invalid("truncated fixed-length body");
			}
			body = java.util.Arrays.copyOfRange(this.in, this.pos, this.pos + (int) length);
			this.pos += (int) length;
		}
		else {
			body = rest();
			reusable = false;
		}
		return new Verdict(true, status, body, reusable, this.in.length - this.pos, null);
	}

	/** The next line without its LF and one CR before it, or null when the bytes end first. */
	private String line() {
		for (int i = this.pos; i < this.in.length; i++) {
			if (this.in[i] == '\n') {
				int end = (i > this.pos && this.in[i - 1] == '\r') ? i - 1 : i;
				String s = new String(this.in, this.pos, end - this.pos, StandardCharsets.ISO_8859_1);
				this.pos = i + 1;
				return s;
			}
		}
		return null;
	}

	private byte[] rest() {
		byte[] rest = java.util.Arrays.copyOfRange(this.in, this.pos, this.in.length);
		this.pos = this.in.length;
		return rest;
	}

	private static boolean statusLineOk(String line) {
		if (line.length() < 12 || !line.startsWith("HTTP/1.") || (line.charAt(7) < '0' || line.charAt(7) > '9')
				|| line.charAt(8) != ' ') {
			return false;
		}
		for (int i = 9; i < 12; i++) {
			if (line.charAt(i) < '0' || line.charAt(i) > '9') {
				return false;
			}
		}
		if (line.charAt(9) == '0' || (line.length() > 12 && line.charAt(12) != ' ')) {
			return false;
		}
		return line.length() <= 13 || (line.indexOf('\r', 13) < 0 && line.indexOf('\0', 13) < 0);
	}

	/** Reads header lines up to the empty one into name/value pairs; returns the problem, or null. */
	private String headers(List<String[]> fields) {
		for (;;) {
			String line = line();
			if (line == null) {
				return "head ends early";
			}
			if (line.isEmpty()) {
				return null;
			}
			if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
				if (fields.isEmpty()) {
					return "folded first line";
				}
				String folded = trimmed(line);
				if (badValue(folded)) {
					return "control character in folded value";
				}
				String[] last = fields.get(fields.size() - 1);
				last[1] = last[1] + " " + folded;
				continue;
			}
			String problem = field(line, fields);
			if (problem != null) {
				return problem;
			}
		}
	}

	private static String field(String line, List<String[]> fields) {
		int colon = line.indexOf(':');
		if (colon <= 0) {
			return "no name or no colon";
		}
		for (int i = 0; i < colon; i++) {
			char c = line.charAt(i);
			boolean token = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
					|| TOKEN_SPECIALS.indexOf(c) >= 0;
			if (!token) {
				return "bad name character";
			}
		}
		String value = trimmed(line.substring(colon + 1));
		if (badValue(value)) {
			return "control character in value";
		}
		fields.add(new String[] { line.substring(0, colon).toLowerCase(Locale.ROOT), value });
		return null;
	}

	private static String trimmed(String s) {
		int from = 0;
		int to = s.length();
		while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
			from++;
		}
		while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
			to--;
		}
		return s.substring(from, to);
	}

	private static boolean badValue(String v) {
		return v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0;
	}

	private static List<String> values(List<String[]> fields, String name) {
		List<String> values = new ArrayList<>();
		for (String[] f : fields) {
			if (f[0].equals(name)) {
				values.add(f[1]);
			}
		}
		return values;
	}

	private static boolean hasToken(List<String[]> fields, String name, String token) {
		for (String value : values(fields, name)) {
			for (String part : value.split(",", -1)) {
				if (trimmed(part).equalsIgnoreCase(token)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean keepAliveMaxZero(List<String[]> fields) {
		List<String> values = values(fields, "keep-alive");
		if (values.isEmpty()) {
			return false;
		}
		boolean zero = false;
		for (String part : values.get(0).split(",")) {
			int eq = part.indexOf('=');
			if (eq >= 0 && part.substring(0, eq).trim().equalsIgnoreCase("max")) {
				String v = part.substring(eq + 1).trim();
				if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
					v = v.substring(1, v.length() - 1);
				}
				if (!v.isEmpty() && v.length() <= 9 && v.chars().allMatch((c) -> c >= '0' && c <= '9')) {
					zero = Long.parseLong(v) == 0;
				}
			}
		}
		return zero;
	}

	/** Undoes one transfer coding with the JDK's own streams (an empty body decodes as empty, as the client does). */
	private static byte[] decode(String coding, byte[] coded) throws java.io.IOException {
		java.io.InputStream in = new java.io.ByteArrayInputStream(coded);
		try (java.io.InputStream decoded = coding.equals("deflate") ? new java.util.zip.InflaterInputStream(in)
				: new java.util.zip.GZIPInputStream(in)) {
			return decoded.readAllBytes();
		}
	}

	/** A chunk framing line ended by a bare LF. */
	private static final String BARE_LF = new String("bare LF");

	/** The next chunk framing line without its CRLF; {@link #BARE_LF} when it ends in LF alone; null at the end. */
	private String chunkLine() {
		for (int i = this.pos; i < this.in.length; i++) {
			if (this.in[i] == '\n') {
				if (i == this.pos || this.in[i - 1] != '\r') {
					this.pos = i + 1;
					return BARE_LF;
				}
				String s = new String(this.in, this.pos, i - 1 - this.pos, StandardCharsets.ISO_8859_1);
				this.pos = i + 1;
				return s;
			}
		}
		return null;
	}

	/** Decodes a chunked body into out; returns the problem, or null. */
	private String chunked(ByteArrayOutputStream out) {
		for (;;) {
			String sizeLine = chunkLine();
			if (sizeLine == null) {
				return "ends before the last chunk";
			}
			if (sizeLine == BARE_LF) {
				return "chunk-size line ended by a bare LF";
			}
			int i = 0;
			long size = 0;
			while (i < sizeLine.length() && Character.digit(sizeLine.charAt(i), 16) >= 0) {
				if (i == 15) {
					return "chunk size too large";
				}
				size = size * 16 + Character.digit(sizeLine.charAt(i), 16);
				i++;
			}
			if (i == 0) {
				return "chunk size not hexadecimal";
			}
			while (i < sizeLine.length() && (sizeLine.charAt(i) == ' ' || sizeLine.charAt(i) == '\t')) {
				i++;
			}
			if (i < sizeLine.length() && sizeLine.charAt(i) != ';') {
				return "chunk size not hexadecimal";
			}
			if (i == sizeLine.length() && sizeLine.length() > 0
					&& (sizeLine.charAt(i - 1) == ' ' || sizeLine.charAt(i - 1) == '\t')) {
				return "whitespace after the chunk size without an extension";
			}
			if (size == 0) {
				break;
			}
			if (this.in.length - this.pos < size) {
				return "ends inside a chunk";
			}
			out.write(this.in, this.pos, (int) size);
			this.pos += (int) size;
			String after = chunkLine();
			if (after == null) {
				return "ends after a chunk's data";
			}
			if (after == BARE_LF) {
				return "bare LF after a chunk's data";
			}
			if (!after.isEmpty()) {
				return "no CRLF after a chunk's data";
			}
		}
		List<String[]> trailers = new ArrayList<>();
		for (;;) {
			String line = chunkLine();
			if (line == null) {
				return "ends inside the trailers";
			}
			if (line == BARE_LF) {
				return "trailer line ended by a bare LF";
			}
			if (line.isEmpty()) {
				return null;
			}
			String problem = field(line, trailers);
			if (problem != null) {
				return "trailer: " + problem;
			}
		}
	}
}
