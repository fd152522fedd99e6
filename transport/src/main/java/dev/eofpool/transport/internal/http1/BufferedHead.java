package dev.eofpool.transport.internal.http1;

import java.io.IOException;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * The fast path of {@link ResponseHeadParser}: the header fields of a head that is already whole in the reader's
 * buffer, checked where they lie and then copied, with one read, into an array of their exact size that the
 * {@link HttpHeaders} own (the buffer goes back to its pool when the connection goes idle, so nothing may point into
 * it).
 * <p>
 * It accepts only heads that the line-by-line parse accepts, with the same fields: the same line ends (CRLF or LF),
 * limits, name characters and value checks. On anything else (a line end not yet received, a limit reached, an
 * obsolete folded line, a malformed name or value) it returns {@code null} having consumed nothing, and the
 * line-by-line parse reads the head again and fails with its exact message, or unfolds the fold.
 */
final class BufferedHead {

	private BufferedHead() {
	}

	/**
	 * The fields of the head whose status line was just read, consumed from the reader up to and including the empty
	 * line; or {@code null}, nothing consumed, for the line-by-line parse to read them.
	 * @param blockSize the bytes of the head so far (the status line and its line end, counted as two)
	 */
	static HttpHeaders read(WireReader in, HeadLimits limits, int blockSize) throws IOException {
		byte[] a = in.bufferedArray();
		if (a == null) {
			return null;
		}
		int from = in.bufferedStart();
		int end = from + in.bufferedBytes();
		// first pass: the lines up to the empty one, within the limits the line-by-line parse applies
		int maxBlock = limits.maxHeaderBlockSize();
		int size = blockSize;
		int fields = 0;
		int i = from;
		for (;;) {
			int left = maxBlock - size;
			if (left < 0) {
				return null;
			}
			int lf = i;
			while (lf < end && a[lf] != '\n') {
				lf++;
			}
			if (lf == end) {
				return null;
			}
			int n = ((lf > i && a[lf - 1] == '\r') ? lf - 1 : lf) - i;
			if (n > Math.min(limits.maxHeaderLineLength(), left)) {
				return null;
			}
			size += n + 2;
			if (size - 2 > maxBlock) { // maxBlock + 2 would wrap for a limit of Integer.MAX_VALUE
				return null;
			}
			i = lf + 1;
			if (n == 0) {
				break;
			}
			fields++;
		}
		if (fields == 0 || fields > limits.maxHeaderCount()) {
			return null;
		}
		int length = i - from;
		// second pass: each field checked as the line-by-line parse checks it
		int[] spans = new int[4 * fields];
		int line = from;
		for (int f = 0; f < fields; f++) {
			line = field(a, line, spans, 4 * f, from);
			if (line < 0) {
				return null;
			}
		}
		byte[] block = new byte[length];
		int read = in.read(block, 0, length);
		if (read != length) {
			throw new IllegalStateException("Read " + read + " of the " + length + " buffered bytes of a head");
		}
		return HttpHeaders.ofBlock(block, spans, fields);
	}

	/**
	 * Checks the field line starting at {@code s} (whose LF is known to be buffered) and records its name and value
	 * relative to {@code base}, as {@link HttpHeaders#ofBlock} reads them.
	 * @return where the next line starts, or -1 when the line-by-line parse must decide
	 */
	private static int field(byte[] a, int s, int[] spans, int at, int base) {
		if (a[s] == ' ' || a[s] == '\t') {
			return -1; // obsolete line folding, or a folded first line
		}
		int colon = s;
		// neither CR nor LF is a token byte: the name ends within its line
		while (a[colon] != ':') {
			if (!Tokens.isTokenByte(a[colon])) {
				return -1;
			}
			colon++;
		}
		if (colon == s) {
			return -1;
		}
		int from = colon + 1;
		while (a[from] == ' ' || a[from] == '\t') {
			from++;
		}
		int to = from;
		int next;
		for (;;) {
			byte b = a[to];
			if (b == '\n') {
				next = to + 1;
				break;
			}
			if (b == '\r') {
				if (a[to + 1] == '\n') {
					next = to + 2;
					break;
				}
				return -1; // a CR inside the value
			}
			if (b == 0) {
				return -1;
			}
			to++;
		}
		while (to > from && (a[to - 1] == ' ' || a[to - 1] == '\t')) {
			to--;
		}
		spans[at] = s - base;
		spans[at + 1] = colon - base;
		spans[at + 2] = from - base;
		spans[at + 3] = to - base;
		return next;
	}
}
