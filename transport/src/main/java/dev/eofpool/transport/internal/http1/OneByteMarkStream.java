package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream whose {@link #mark(int)} keeps the one byte read after it, whatever the read limit: enough for Spring,
 * which peeks at a body's first byte with {@code mark(1)}, {@code read()}, {@code reset()} and wraps a stream without
 * mark support in a {@code PushbackInputStream} (an allocation and a layer more on every read). A reset after more
 * than one byte fails, as {@link InputStream#reset()} allows once more than the limit was read.
 * <p>
 * The kept byte lives here, so giving it back touches nothing below: a body whose end was reached by the peek has
 * ended once, and reading the byte again ends nothing. Used by one thread at a time, like any {@link InputStream}.
 */
public abstract class OneByteMarkStream extends InputStream {

	/** No {@link #mark(int)} was called: {@link #reset()} fails. */
	private static final int UNMARKED = -1;

	/** Marked, and no byte read since: a reset has nothing to give back. */
	private static final int MARKED = -2;

	/** More than one byte was read since the mark: a reset fails. */
	private static final int MARK_PASSED = -3;

	/** Added to a byte a reset gave back: it is returned before the stream's next byte, and the mark is before it. */
	private static final int KEPT = 256;

	/**
	 * The mark and the byte it keeps, in one field (a stream per response: its size counts): {@link #UNMARKED},
	 * {@link #MARKED}, {@link #MARK_PASSED}, the one byte read since the mark (0-255), or {@link #KEPT} plus the byte a
	 * reset gave back.
	 */
	private int mark = UNMARKED;

	private byte[] one;

	/**
	 * Reads from the stream below the kept byte, as {@link InputStream#read(byte[], int, int)} does (its arguments are
	 * checked).
	 */
	protected abstract int readMore(byte[] b, int off, int len) throws IOException;

	/** Why the stream cannot be reset or give its kept byte back (it failed or was closed), or {@code null}. */
	protected abstract String unreadableBecause();

	@Override
	public final int read() throws IOException {
		if (this.one == null) {
			this.one = new byte[1];
		}
		int n = read(this.one, 0, 1);
		return (n <= 0) ? -1 : (this.one[0] & 0xFF);
	}

	@Override
	public final int read(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (this.mark < KEPT) {
			int n = readMore(b, off, len);
			if (n > 0) {
				passed(b, off, n);
			}
			return n;
		}
		if (len == 0) {
			return 0;
		}
		// alone: a read may return fewer bytes than asked, and reading on might block
		b[off] = (byte) (this.mark - KEPT);
		this.mark -= KEPT; // read since the mark again
		return 1;
	}

	/** Bytes were returned: the mark keeps the first one after it, and gives up once more follow. */
	private void passed(byte[] b, int off, int n) {
		if (this.mark == MARKED && n == 1) {
			this.mark = b[off] & 0xFF;
		}
		else if (this.mark != UNMARKED) {
			this.mark = MARK_PASSED;
		}
	}

	/** Always {@code true}: a mark keeps one byte, whatever {@code readlimit} asks (see {@link #reset()}). */
	@Override
	public final boolean markSupported() {
		return true;
	}

	/**
	 * Marks the position before the next byte. Only that one byte is kept for {@link #reset()}, whatever
	 * {@code readlimit} says, so a larger limit is honoured only while no more than one byte was read.
	 */
	@Override
	public final void mark(int readlimit) {
		if (this.mark < KEPT) {
			this.mark = MARKED;
		} // else the mark is already before the byte given back, where the next read starts
	}

	/**
	 * Goes back to the mark: the byte read since it, if any, is returned again by the next read; the mark stays.
	 * @throws IOException when there is no mark, more than one byte was read since it, or the stream failed or was
	 * closed
	 */
	@Override
	public final void reset() throws IOException {
		String unreadable = unreadableBecause();
		if (unreadable != null) {
			throw new IOException("Cannot reset the " + unreadable);
		}
		if (this.mark == UNMARKED) {
			throw new IOException("Cannot reset the " + named() + ": it has no mark");
		}
		if (this.mark == MARK_PASSED) {
			throw new IOException("Cannot reset the " + named()
					+ ": more than one byte was read since the mark, and a mark keeps one");
		}
		if (this.mark >= 0 && this.mark < KEPT) {
			this.mark += KEPT;
		}
	}

	/** Names the stream in errors, such as "response body from http://example.com:80". */
	protected abstract String named();

	/** 1 while a reset gave a byte back that was not read again, else 0. */
	protected final int keptBytes() {
		return (this.mark >= KEPT) ? 1 : 0;
	}

	/** Forgets the mark and the byte a reset gave back, as the stream is closed. */
	protected final void dropKept() {
		this.mark = UNMARKED;
	}
}
