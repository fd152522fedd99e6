package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Bulk reads of a body whose remaining length is known: into one array of that size, allocated once and filled by
 * the body's own reads (a read of at least the connection's buffer size goes straight from the wire into it), so each
 * byte is copied once from the kernel, or once from the bytes buffered with the head.
 */
final class SizedReads {

	/** The largest array the VM surely allocates (as the JDK's own streams assume). */
	static final int ARRAY_MAX = Integer.MAX_VALUE - 8;

	/**
	 * The array a read starts with when the body is larger: a length the server claims but does not send never costs
	 * more than this, or twice what it did send.
	 */
	static final int FIRST_ARRAY_MAX = 1024 * 1024;

	/** The largest buffer {@link #transferTo} reads through: a body of up to 64 KiB and the byte past it. */
	static final int TRANSFER_BUFFER_MAX = 64 * 1024 + 1;

	private SizedReads() {
	}

	/**
	 * Reads {@code min(len, left)} bytes from {@code in} into an array of that size (a larger one grows from
	 * {@value #FIRST_ARRAY_MAX} bytes by doubling); fewer only when {@code in} ends first.
	 * @param left the bytes {@code in} has left, by its framing
	 */
	static byte[] readNBytes(InputStream in, int len, long left) throws IOException {
		int size = (int) Math.min(len, Math.min(left, ARRAY_MAX));
		byte[] into = new byte[Math.min(size, FIRST_ARRAY_MAX)];
		int n = 0;
		while (n < size) {
			if (n == into.length) {
				into = Arrays.copyOf(into, (int) Math.min(size, 2L * into.length));
			}
			int r = in.read(into, n, into.length - n);
			if (r < 0) {
				break; // a framing that ends before its length throws; one that did anyway is not padded
			}
			n += r;
		}
		return (n == into.length) ? into : Arrays.copyOf(into, n);
	}

	/**
	 * Reads up to {@code len} bytes of a body whose length its framing does not know (chunked) into one array, sized by
	 * what each chunk has left ({@link BodyStream#framedAhead()}): one read of a byte steps over the framing to the next
	 * chunk's data, and the array grows to hold that chunk, at least doubling. A body of one chunk is read into an
	 * array of its size and returned as it is, each byte copied once; the array never grows past twice what arrived
	 * (or {@value #FIRST_ARRAY_MAX} bytes), whatever size a chunk claims.
	 */
	static byte[] readUnsized(BodyStream in, int len) throws IOException {
		byte[] into = new byte[0];
		int n = 0;
		while (n < len) {
			if (n == into.length) {
				int b = in.read(); // decodes the framing up to the next data, or to the end (which ends the body)
				if (b < 0) {
					break;
				}
				long ahead = Math.max(0, in.framedAhead());
				// the chunk's size, and at least double (no copy per chunk of a body in many small ones)
				long grown = Math.max(n + 1L + ahead, 2L * n + ((ahead > 0) ? 0 : 1024));
				grown = Math.min(grown, Math.max(FIRST_ARRAY_MAX, 2L * n));
				into = Arrays.copyOf(into, (int) Math.max(n + 1L, Math.min(grown, Math.min(len, ARRAY_MAX))));
				into[n++] = (byte) b;
				continue;
			}
			int r = in.read(into, n, into.length - n);
			if (r < 0) {
				break;
			}
			n += r;
		}
		return (n == into.length) ? into : Arrays.copyOf(into, n);
	}

	/**
	 * Reads {@code in} to its end and writes what it read to {@code out}, through one buffer of {@code left} bytes
	 * plus one (at most {@value #TRANSFER_BUFFER_MAX}): the read of the last bytes asks one byte past them, so when it
	 * returns no more the reader knows nothing followed without asking the socket.
	 * @param left the bytes {@code in} has left, by its framing
	 * @return the bytes transferred
	 */
	static long transferTo(InputStream in, long left, OutputStream out) throws IOException {
		byte[] buffer = new byte[(int) Math.min(left + 1, TRANSFER_BUFFER_MAX)];
		long total = 0;
		int n;
		while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
			out.write(buffer, 0, n);
			total += n;
		}
		return total;
	}
}
