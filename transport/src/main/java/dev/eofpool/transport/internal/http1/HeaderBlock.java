package dev.eofpool.transport.internal.http1;

import java.util.Arrays;

import dev.eofpool.transport.HttpHeaders;

/**
 * The header fields of a head read line by line (the slow path of {@link ResponseHeadParser}), copied as they are
 * checked into one growing array that the {@link HttpHeaders} then own, in the form {@link HttpHeaders#ofBlock}
 * reads.
 */
final class HeaderBlock {

	private byte[] bytes;

	private int length;

	/** Four indexes into {@link #bytes} per field: where the name starts and ends, where the value starts and ends. */
	private int[] spans = new int[4 * 8];

	private int count;

	HeaderBlock(int capacity) {
		this.bytes = new byte[capacity];
	}

	/** The number of fields so far. */
	int count() {
		return this.count;
	}

	/** Adds a checked field: the name {@code a[name..colon)} and the value {@code a[from..to)}. */
	void add(byte[] a, int name, int colon, int from, int to) {
		int nameLength = colon - name;
		int valueLength = to - from;
		room(nameLength + valueLength + 2);
		if (4 * this.count == this.spans.length) {
			this.spans = Arrays.copyOf(this.spans, this.spans.length * 2);
		}
		int at = 4 * this.count;
		this.spans[at] = this.length;
		System.arraycopy(a, name, this.bytes, this.length, nameLength);
		this.length += nameLength;
		this.spans[at + 1] = this.length;
		this.bytes[this.length++] = ':';
		this.spans[at + 2] = this.length;
		System.arraycopy(a, from, this.bytes, this.length, valueLength);
		this.length += valueLength;
		this.spans[at + 3] = this.length;
		this.bytes[this.length++] = '\n';
		this.count++;
	}

	/**
	 * Obsolete line folding (RFC 9112 5.2): the last field's value goes on with a space and the checked continuation
	 * {@code a[from..to)}. There must be a field.
	 */
	void fold(byte[] a, int from, int to) {
		int n = to - from;
		room(n + 1);
		// the last field's value ends just before the last LF
		this.bytes[this.length - 1] = ' ';
		System.arraycopy(a, from, this.bytes, this.length, n);
		this.length += n;
		this.spans[4 * (this.count - 1) + 3] = this.length;
		this.bytes[this.length++] = '\n';
	}

	/** The headers, owning this block's array (this block must not be used afterwards). */
	HttpHeaders headers() {
		return HttpHeaders.ofBlock(this.bytes, this.spans, this.count);
	}

	private void room(int n) {
		if (this.length + n > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + n));
		}
	}
}
