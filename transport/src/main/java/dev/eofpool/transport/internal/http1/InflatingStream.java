package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;

/**
 * Undoes one coding, {@code gzip} (RFC 1952, every member of a concatenation) or {@code deflate} (RFC 9110 8.4.1.2: a
 * zlib stream, RFC 1950; a raw RFC 1951 stream, as some servers send, is recognised by the missing zlib header, as
 * browsers do), while the caller reads. Nothing is buffered beyond one input buffer, so a decompression bomb streams;
 * an optional cap bounds the decoded size.
 * <p>
 * The end of the decoded data is the end of the wrapped stream: when the coding ends, the wrapped stream is read
 * until it returns -1, inside the read that returns -1 here, so an EOF-gated body below releases its connection
 * within the caller's final read. Bytes after the end that are not a further gzip member fail the read.
 * <p>
 * Failures are never a short body: a corrupt stream is an {@link HttpProtocolException}, a stream that ends early
 * (a gzip member without its trailer, say) a {@link TruncatedBodyException} counting the encoded bytes received, a
 * decoded size over the cap an {@link IOException}; each names the route. A failure ends the {@link Inflater} and
 * closes the wrapped stream, whose own rules then decide whether its connection can be kept (an EOF-gated body drains
 * within its bounds, counting wire bytes). One {@link Inflater} per stream, ended on the end, a failure or
 * {@link #close()}. Its mark keeps one byte ({@link OneByteMarkStream}), so Spring's peek does not wrap it. Used by one
 * thread at a time, like any {@link InputStream}.
 * <p>
 * The encoded bytes are buffered in an {@link EncodedInput}; a gzip member's header and trailer are read by a
 * {@link GzipMember}.
 */
public final class InflatingStream extends OneByteMarkStream {

	/** The codings this stream undoes. */
	public enum Format {

		/** {@code gzip} (and {@code x-gzip}): RFC 1952. */
		GZIP,

		/** {@code deflate}: zlib (RFC 1950), or raw deflate (RFC 1951) when the zlib header is missing. */
		DEFLATE;

		/** The coding's name as written in headers. */
		public String token() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Creates inflaters; tests pass one that records {@link Inflater#end()}. */
	interface Inflaters {

		Inflater create(boolean nowrap);

	}

	private static final int START = 0;

	private static final int INFLATING = 1;

	private static final int DONE = 2;

	private static final int FAILED = 3;

	private static final int CLOSED = 4;

	private final InputStream in;

	private final Format format;

	private final Route route;

	private final long maxDecodedBytes;

	private final String setting;

	private final Inflaters inflaters;

	/** The encoded bytes read but not yet consumed; the inflater's input is its unconsumed range. */
	private final EncodedInput input;

	/** The framing of the current gzip member; {@code null} for {@code deflate}. */
	private final GzipMember gzip;

	private long decodedBytes;

	private Inflater inflater;

	private int state = START;

	private IOException failure;

	private boolean inClosed;

	/**
	 * A stream decoding {@code in}.
	 * @param in the encoded bytes, typically a response body
	 * @param format the coding to undo
	 * @param route the route named in failures
	 * @param maxDecodedBytes the most decoded bytes allowed; 0 or less for no limit
	 * @param setting the setting a failure over the limit tells the caller to raise
	 */
	public InflatingStream(InputStream in, Format format, Route route, long maxDecodedBytes, String setting) {
		this(in, format, route, maxDecodedBytes, setting, Inflater::new);
	}

	InflatingStream(InputStream in, Format format, Route route, long maxDecodedBytes, String setting,
			Inflaters inflaters) {
		this.in = Objects.requireNonNull(in, "in");
		this.format = Objects.requireNonNull(format, "format");
		this.route = route;
		this.maxDecodedBytes = maxDecodedBytes;
		this.setting = setting;
		this.inflaters = inflaters;
		this.input = new EncodedInput(in);
		this.gzip = (format == Format.GZIP) ? new GzipMember(this.input, this) : null;
	}

	@Override
	protected int readMore(byte[] b, int off, int len) throws IOException {
		switch (this.state) {
			case DONE:
				return -1;
			case FAILED:
				throw new IOException("Decoding the response body from " + this.route + " already failed: "
						+ this.failure.getMessage(), this.failure);
			case CLOSED:
				throw new IOException("Response body is closed");
			default:
				break;
		}
		if (len == 0) {
			return 0;
		}
		try {
			return inflate(b, off, len);
		}
		catch (DataFormatException ex) {
			throw fail(corrupt("its " + this.format.token() + " data is corrupt (" + ex.getMessage() + ")"));
		}
		catch (IOException ex) {
			throw fail(ex);
		}
	}

	private int inflate(byte[] b, int off, int len) throws IOException, DataFormatException {
		while (true) {
			if (this.state == START) {
				if (!startFirstMember()) {
					finish();
					return -1;
				}
				this.state = INFLATING;
			}
			// one byte past the cap is asked for, so reaching it exactly is allowed and passing it is seen
			long room = this.maxDecodedBytes - this.decodedBytes;
			int want = (this.maxDecodedBytes > 0 && room < len) ? (int) room + 1 : len;
			int n = this.inflater.inflate(b, off, want);
			if (n > 0) {
				this.decodedBytes += n;
				if (this.maxDecodedBytes > 0 && this.decodedBytes > this.maxDecodedBytes) {
					throw new IOException("Decoded response body from " + this.route + " is larger than the limit of "
							+ this.maxDecodedBytes + " bytes (" + this.format.token() + ", after "
							+ this.input.encodedBytes() + " encoded bytes); raise " + this.setting + " to accept it");
				}
				if (this.gzip != null) {
					this.gzip.decoded(b, off, n);
				}
				return n;
			}
			if (this.inflater.finished()) {
				this.input.consumedAllBut(this.inflater.getRemaining());
				if (!endMember()) {
					finish();
					return -1;
				}
			}
			else if (this.inflater.needsDictionary()) {
				throw corrupt("its deflate data asks for a preset dictionary, which HTTP does not define");
			}
			else if (this.inflater.needsInput()) {
				this.input.consumedAll();
				if (!this.input.fill()) {
					throw truncated("the body ended inside the " + this.format.token() + " data");
				}
				this.input.feed(this.inflater);
			}
		}
	}

	/** Reads what precedes the compressed data; {@code false} for an empty body (no byte at all), decoded as empty. */
	private boolean startFirstMember() throws IOException {
		if (!this.input.ensure(1)) {
			return false;
		}
		if (this.gzip != null) {
			this.gzip.readHeader();
			this.inflater = this.inflaters.create(true);
		}
		else {
			boolean zlib = this.input.ensure(2)
					&& isZlibHeader((byte) this.input.peek(0), (byte) this.input.peek(1));
			this.inflater = this.inflaters.create(!zlib);
		}
		this.input.feed(this.inflater);
		return true;
	}

	/**
	 * RFC 1950 2.2: compression method 8 (deflate), a window of at most 32 KiB, and a header check that makes the two
	 * bytes a multiple of 31. A raw deflate stream matches this by chance rarely (as for every client that sniffs).
	 */
	static boolean isZlibHeader(byte cmf, byte flg) {
		int c = cmf & 0xFF;
		int f = flg & 0xFF;
		return (c & 0x0F) == 8 && (c >>> 4) <= 7 && ((c << 8) | f) % 31 == 0;
	}

	/**
	 * After the compressed data: checks a gzip member's trailer and starts the next member if one follows, else
	 * reads the wrapped stream to its end. {@code false} when the coding ended cleanly.
	 */
	private boolean endMember() throws IOException {
		if (this.gzip == null) {
			if (this.input.ensure(1)) {
				throw corrupt("bytes follow the end of its deflate stream");
			}
			return false;
		}
		this.gzip.readTrailer();
		if (!this.gzip.startNext()) {
			return false;
		}
		this.inflater.reset();
		this.input.feed(this.inflater);
		return true;
	}

	/** A failure for a corrupt encoding, naming the route and the encoded bytes received. */
	HttpProtocolException corrupt(String what) {
		return new HttpProtocolException("Response body from " + this.route + " cannot be decoded: " + what
				+ " (after " + this.input.encodedBytes() + " encoded bytes)");
	}

	/** A failure for an encoding that ended early, naming the route and the bytes received and decoded. */
	TruncatedBodyException truncated(String what) {
		long encoded = this.input.encodedBytes();
		return new TruncatedBodyException("Response body from " + this.route + " is truncated: " + what + " (after "
				+ encoded + " encoded and " + this.decodedBytes + " decoded bytes)", encoded);
	}

	private IOException fail(IOException ex) {
		this.state = FAILED;
		this.failure = ex;
		endInflater();
		closeIn(ex);
		return ex;
	}

	private void finish() {
		this.state = DONE;
		endInflater();
	}

	private void endInflater() {
		if (this.inflater != null) {
			this.inflater.end();
			this.inflater = null;
		}
	}

	private void closeIn(IOException pending) {
		if (!this.inClosed) {
			this.inClosed = true;
			try {
				this.in.close();
			}
			catch (IOException ex) {
				if (pending != null) {
					pending.addSuppressed(ex);
				}
			}
		}
	}

	@Override
	protected String unreadableBecause() {
		if (this.state == FAILED || this.state == CLOSED) {
			return named() + ": it " + ((this.state == FAILED) ? "failed" : "is closed");
		}
		return null;
	}

	@Override
	protected String named() {
		return "decoded response body from " + this.route;
	}

	/**
	 * The byte a reset gave back, else 0: how many decoded bytes the buffered input holds is unknown until it is
	 * inflated, and inflating it may need more input, so no count is promised that a read could block for.
	 */
	@Override
	public int available() {
		return keptBytes();
	}

	/** Ends the inflater and closes the wrapped stream (which decides what happens to its connection). */
	@Override
	public void close() throws IOException {
		dropKept();
		if (this.state == CLOSED) {
			return;
		}
		this.state = CLOSED;
		endInflater();
		if (!this.inClosed) {
			this.inClosed = true;
			this.in.close();
		}
	}

}
