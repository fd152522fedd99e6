package dev.eofpool.transport.internal.io;

/**
 * The line a {@link WireReader#readLine} found, without its line end: a view of bytes the reader owns, valid until the
 * reader's next call. The reader keeps one view and moves it, so reading a line allocates nothing.
 */
public final class Line {

	private byte[] array;

	private int start;

	private int length;

	private boolean crlf;

	Line() {
	}

	void set(byte[] array, int start, int length, boolean crlf) {
		this.array = array;
		this.start = start;
		this.length = length;
		this.crlf = crlf;
	}

	/** Whether the line ended in CRLF; {@code false} for a bare LF (tolerated in a head, not in chunk framing). */
	public boolean crlf() {
		return this.crlf;
	}

	/** The array holding the line's bytes (shared with the reader: read it, never keep it). */
	public byte[] array() {
		return this.array;
	}

	/** The index in {@link #array()} of the line's first byte. */
	public int start() {
		return this.start;
	}

	/** The number of bytes in the line, without its line end. */
	public int length() {
		return this.length;
	}

	/** The index in {@link #array()} just past the line's last byte. */
	public int end() {
		return this.start + this.length;
	}

	/** Whether the line is empty (the end of a head, or the line after a chunk's data). */
	public boolean isEmpty() {
		return this.length == 0;
	}

	/** The byte at {@code index}, counted from the line's start (no bounds check beyond the array's). */
	public byte at(int index) {
		return this.array[this.start + index];
	}
}
