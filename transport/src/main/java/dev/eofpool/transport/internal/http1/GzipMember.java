package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The framing around one gzip member's compressed data (RFC 1952): the header before it, and the trailer after it,
 * checked against the CRC-32 and size of the bytes the member decoded to. Failures come from the owning
 * {@link InflatingStream}, so they name its route and counts.
 */
final class GzipMember {

	private static final int FHCRC = 2;

	private static final int FEXTRA = 4;

	private static final int FNAME = 8;

	private static final int FCOMMENT = 16;

	private final EncodedInput input;

	private final InflatingStream stream;

	/** The current member's CRC-32 and size of decoded bytes (RFC 1952 trailer). */
	private final CRC32 crc = new CRC32();

	private long memberBytes;

	GzipMember(EncodedInput input, InflatingStream stream) {
		this.input = input;
		this.stream = stream;
	}

	/** Counts decoded bytes of the current member for its trailer. */
	void decoded(byte[] b, int off, int n) {
		this.crc.update(b, off, n);
		this.memberBytes += n;
	}

	/** Checks the trailer after the member's compressed data, with the data's CRC-32 and size. */
	void readTrailer() throws IOException {
		if (!this.input.ensure(8)) {
			throw this.stream.truncated("the body ended inside the gzip trailer");
		}
		long crc32 = this.input.le32(0);
		long size = this.input.le32(4);
		this.input.consume(8, null);
		if (crc32 != this.crc.getValue()) {
			throw this.stream.corrupt("its gzip CRC-32 does not match the data (trailer " + Long.toHexString(crc32)
					+ ", data " + Long.toHexString(this.crc.getValue()) + ")");
		}
		if (size != (this.memberBytes & 0xFFFFFFFFL)) {
			throw this.stream.corrupt("its gzip trailer gives a size of " + size + " bytes where the member had "
					+ this.memberBytes);
		}
	}

	/**
	 * After a trailer: {@code false} when the encoded bytes ended there; {@code true} when another member follows,
	 * whose header is then read and whose counts start from zero. Other bytes fail.
	 */
	boolean startNext() throws IOException {
		if (!this.input.ensure(1)) {
			return false;
		}
		if (!this.input.ensure(2) || this.input.peek(0) != 0x1f || this.input.peek(1) != 0x8b) {
			throw this.stream.corrupt("bytes follow the end of its gzip data that are not another gzip member");
		}
		readHeader();
		this.crc.reset();
		this.memberBytes = 0;
		return true;
	}

	/** RFC 1952 2.3: the fixed ten bytes, then the optional extra field, name, comment and header CRC. */
	void readHeader() throws IOException {
		if (!this.input.ensure(10)) {
			throw truncatedHeader();
		}
		int id1 = this.input.peek(0);
		int id2 = this.input.peek(1);
		if (id1 != 0x1f || id2 != 0x8b) {
			throw this.stream.corrupt("it is not in gzip format (it starts with " + String.format("%02x %02x", id1, id2)
					+ ", not 1f 8b)");
		}
		int method = this.input.peek(2);
		if (method != 8) {
			throw this.stream.corrupt("its gzip compression method is " + method + ", not 8 (deflate)");
		}
		int flags = this.input.peek(3);
		if ((flags & 0xE0) != 0) {
			throw this.stream.corrupt("its gzip header has reserved flags set (" + Integer.toHexString(flags) + ")");
		}
		CRC32 headerCrc = ((flags & FHCRC) != 0) ? new CRC32() : null;
		this.input.consume(10, headerCrc);
		if ((flags & FEXTRA) != 0) {
			if (!this.input.ensure(2)) {
				throw truncatedHeader();
			}
			int extra = this.input.le16(0);
			this.input.consume(2, headerCrc);
			skip(extra, headerCrc);
		}
		if ((flags & FNAME) != 0) {
			skipZeroTerminated(headerCrc);
		}
		if ((flags & FCOMMENT) != 0) {
			skipZeroTerminated(headerCrc);
		}
		if (headerCrc != null) {
			if (!this.input.ensure(2)) {
				throw truncatedHeader();
			}
			int expected = this.input.le16(0);
			this.input.consume(2, null);
			if (expected != (int) (headerCrc.getValue() & 0xFFFF)) {
				throw this.stream.corrupt("its gzip header CRC does not match the header");
			}
		}
	}

	private void skip(int n, CRC32 headerCrc) throws IOException {
		int left = n;
		while (left > 0) {
			if (!this.input.ensure(1)) {
				throw truncatedHeader();
			}
			int step = Math.min(left, this.input.buffered());
			this.input.consume(step, headerCrc);
			left -= step;
		}
	}

	private void skipZeroTerminated(CRC32 headerCrc) throws IOException {
		while (true) {
			if (!this.input.ensure(1)) {
				throw truncatedHeader();
			}
			boolean zero = this.input.peek(0) == 0;
			this.input.consume(1, headerCrc);
			if (zero) {
				return;
			}
		}
	}

	private IOException truncatedHeader() {
		return this.stream.truncated("the body ended inside the gzip header");
	}

}
