package dev.eofpool.transport.internal.io;

import java.io.IOException;

/**
 * The blocking byte channel under a {@link WireReader} and a {@link WireWriter}: one socket, plain or TLS, whose owner
 * bounds each call in time. Every method is one call on the socket; the reader and the writer add the buffering.
 */
public interface Wire {

	/**
	 * One blocking read of at most {@code len} bytes into {@code b}.
	 * @return the bytes read, or -1 at the end of the stream
	 */
	int read(byte[] b, int off, int len) throws IOException;

	/** Hands all {@code len} bytes to the socket, blocking until it took them. */
	void write(byte[] b, int off, int len) throws IOException;

	/**
	 * Whether the two-array {@link #read(byte[], int, int, byte[], int) read} and
	 * {@link #write(byte[], int, byte[], int, int) write} are one call on the socket each (a plain socket's scattering
	 * read and gathering write), rather than a read of the first array only and one write after the other (TLS, which
	 * works one record at a time).
	 */
	default boolean vectored() {
		return false;
	}

	/**
	 * Hands the first {@code firstLen} bytes of {@code first}, then {@code len} bytes of {@code second}, to the socket
	 * without copying them together: in one call when the wire is {@link #vectored()}, else one write after the other.
	 */
	default void write(byte[] first, int firstLen, byte[] second, int off, int len) throws IOException {
		write(first, 0, firstLen);
		write(second, off, len);
	}

	/**
	 * One blocking read into {@code len} bytes of {@code b} and, once they are full, the first {@code spillLen} bytes
	 * of {@code spill}: in one call when the wire is {@link #vectored()}, else into {@code b} only.
	 * @return the bytes read into both, or -1 at the end of the stream
	 */
	default int read(byte[] b, int off, int len, byte[] spill, int spillLen) throws IOException {
		return read(b, off, len);
	}

	/** Pushes out whatever the layers under this wire still hold. */
	void flush() throws IOException;

	/** Bytes readable without blocking: received by the socket, or already decrypted by the TLS layer. */
	int available() throws IOException;

	/**
	 * Whether bytes may wait under the reader even though its latest read did not fill the room it offered: a TLS layer
	 * decrypts whole records and may keep part of one.
	 */
	boolean decrypts();

	/**
	 * After a read returned -1: whether the stream ended without the TLS {@code close_notify} (a bare TCP close on a
	 * TLS connection), so data the peer meant to send may be missing (RFC 9112 9.8). Always {@code false} for a plain
	 * connection, where a close is the only end there is.
	 */
	default boolean endedWithoutCloseNotify() {
		return false;
	}
}
