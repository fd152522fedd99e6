package dev.eofpool.transport.internal.http1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Objects;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * A response body. Subclasses decode one framing from the reader and call {@link #completed()} inside the read that
 * reaches its end; this class turns that, a failure, or an early {@link #close()} (with its drain) into exactly one
 * of {@link BodyEnd}'s end hooks, called once.
 * <p>
 * Used by one thread at a time, like any {@link InputStream}. After the end is signalled the connection may already
 * serve another request, so no method touches it again.
 * <p>
 * Its mark keeps one byte ({@link OneByteMarkStream}), not on the connection: reading it again after the body ended
 * touches nothing. {@link #readNBytes(int)}, {@link #readAllBytes()} and {@link #transferTo(OutputStream)} read a
 * body whose framing knows its length into one array of that size (see {@link SizedReads}).
 */
public abstract class BodyStream extends OneByteMarkStream {

	private static final byte OPEN = 0;

	private static final byte ENDED = 1;

	private static final byte FAILED = 2;

	private static final byte CLOSED = 3;

	/** The connection's reader; not touched again once the end hook was called. */
	protected final WireReader in;

	/** The route the body comes from, for error messages. */
	protected final Route route;

	private final BodyEnd end;

	/** A byte, not an int: with the mark's field the body stays within the object size it had without a mark. */
	private byte state = OPEN;

	/** Whether {@link #close()} is draining: the end then is {@link BodyEnd#drainedToEnd()}. */
	private boolean draining;

	private IOException failure;

	/** A body read from {@code in}, ending through {@code end}; {@code route} names it in errors. */
	protected BodyStream(WireReader in, BodyEnd end, Route route) {
		this.in = in;
		this.end = end;
		this.route = route;
	}

	/** Reads body bytes; calls {@link #completed()} when the framing ends (possibly in the same call). */
	protected abstract int readBody(byte[] b, int off, int len) throws IOException;

	/** Bytes known to be left, or -1 when unknown. */
	protected abstract long knownRemaining();

	/** Whether draining can ever reach an end that leaves the connection reusable. */
	protected boolean drainable() {
		return true;
	}

	/** Body bytes readable without blocking. */
	protected abstract int bufferedBody();

	/**
	 * The most bytes the next reads return before the framing has a line to decode (what is left of a chunk), or -1
	 * when not known; sizes the array of a bulk read when the whole length is unknown.
	 */
	protected long framedAhead() {
		return -1;
	}

	/**
	 * Signals the end of the framing. Subclasses call it exactly when their end is reached: the exchange hears
	 * {@link BodyEnd#complete()}, or {@link BodyEnd#drainedToEnd()} when a drain got there.
	 */
	protected final void completed() {
		if (this.state == OPEN) {
			this.state = ENDED;
			if (this.draining) {
				this.end.drainedToEnd();
			}
			else {
				this.end.complete();
			}
		}
	}

	protected final boolean isOpen() {
		return this.state == OPEN;
	}

	@Override
	protected final int readMore(byte[] b, int off, int len) throws IOException {
		switch (this.state) {
			case ENDED:
				return -1;
			case FAILED:
				throw new IOException("Response body already failed: " + this.failure.getMessage(), this.failure);
			case CLOSED:
				throw new IOException("Response body is closed");
			default:
				break;
		}
		if (len == 0) {
			return 0;
		}
		try {
			int n = readBody(b, off, len);
			return (n < 0) ? -1 : n;
		}
		catch (IOException ex) {
			IOException named = named(ex);
			fail(named);
			throw named;
		}
	}

	@Override
	protected final String unreadableBecause() {
		if (this.state == FAILED || this.state == CLOSED) {
			return named() + ": it " + ((this.state == FAILED) ? "failed" : "is closed");
		}
		return null;
	}

	@Override
	protected final String named() {
		return "response body from " + this.route;
	}

	/**
	 * Reads up to {@code len} bytes into one array of the size the framing has left, or, when the framing does not know
	 * it, into one array sized chunk by chunk (see {@link SizedReads}). The read that returns the last byte ends the
	 * body, before this returns.
	 */
	@Override
	public final byte[] readNBytes(int len) throws IOException {
		if (len < 0) {
			throw new IllegalArgumentException("len < 0");
		}
		long left = bytesLeft();
		return (left < 0) ? SizedReads.readUnsized(this, len) : SizedReads.readNBytes(this, len, left);
	}

	/**
	 * Reads the rest of the body into one array of its size when the framing knows it, else into one array grown chunk
	 * by chunk (a body of one chunk is read into an array of its size and returned as it is). A length larger than an
	 * array can be is read as {@link #readNBytes(int)} reads any: the array grows as the bytes arrive, so a server
	 * that claims more than it sends gets its {@link TruncatedBodyException}; only bytes that really arrived past the
	 * largest array fail the read, and the body with it.
	 * @throws IOException naming the route and the length when more bytes arrived than one array holds
	 */
	@Override
	public final byte[] readAllBytes() throws IOException {
		long left = bytesLeft();
		byte[] all = readNBytes(Integer.MAX_VALUE);
		if (left > SizedReads.ARRAY_MAX && all.length == SizedReads.ARRAY_MAX && this.state == OPEN) {
			IOException tooLarge = new IOException("The response body from " + this.route + " has " + left
					+ " bytes, more than one array holds; read it with transferTo or read instead of readAllBytes");
			fail(tooLarge);
			throw tooLarge;
		}
		return all;
	}

	/**
	 * Writes the rest of the body to {@code out}, through one buffer sized to it when the framing knows its length
	 * (see {@link SizedReads}), else as {@link InputStream} does. The read that reaches the end ends the body before
	 * the last bytes are written.
	 */
	@Override
	public final long transferTo(OutputStream out) throws IOException {
		Objects.requireNonNull(out, "out");
		long left = bytesLeft();
		return (left < 0) ? super.transferTo(out) : SizedReads.transferTo(this, left, out);
	}

	/** The bytes left for the caller (the byte a reset gave back included) when the framing knows them, else -1. */
	private long bytesLeft() {
		int back = keptBytes();
		if (this.state == ENDED) {
			return back;
		}
		if (this.state != OPEN) {
			return -1; // the reads throw, as InputStream's methods then report
		}
		long known = knownRemaining();
		return (known < 0) ? -1 : known + back;
	}

	/**
	 * The failure with a message naming the route (the socket's own, such as "Read timed out" or "Connection reset",
	 * does not say where), keeping the type where callers rely on it.
	 */
	private IOException named(IOException ex) {
		String route = this.route.toString();
		if (ex instanceof HttpProtocolException || String.valueOf(ex.getMessage()).contains(route)) {
			return ex;
		}
		if (ex instanceof SocketTimeoutException) {
			String setting = this.end.readTimeoutSetting();
			SocketTimeoutException timeout = new SocketTimeoutException("Read timed out after "
					+ this.end.readTimeoutMillis() + " ms waiting for the response body from " + route
					+ ((setting != null) ? "; to wait longer raise " + setting : ""));
			timeout.initCause(ex);
			return timeout;
		}
		return new IOException("Reading the response body from " + route + " failed: " + ex.getMessage(), ex);
	}

	private void fail(IOException ex) {
		if (this.state == OPEN) {
			this.state = FAILED;
			this.failure = ex;
			this.end.fail(reasonFor(ex), ex);
		}
	}

	/** The close reason for a failure while reading. */
	public static CloseReason reasonFor(IOException ex) {
		if (ex instanceof TruncatedBodyException) {
			return CloseReason.TRUNCATED_BODY;
		}
		if (ex instanceof HttpProtocolException) {
			return CloseReason.PROTOCOL_ERROR;
		}
		if (ex instanceof SocketTimeoutException) {
			return CloseReason.TIMEOUT;
		}
		return CloseReason.IO_ERROR;
	}

	@Override
	public final int available() {
		int back = keptBytes();
		return (this.state == OPEN) ? back + bufferedBody() : back;
	}

	@Override
	public final long skip(long n) throws IOException {
		return super.skip(n);
	}

	/**
	 * Ends the body. Before its end, drains at most the configured bytes within the configured time so the connection
	 * can be reused, else closes the connection. Never throws, never waits past the drain bound (plus one read).
	 */
	@Override
	public final void close() {
		dropKept();
		if (this.state != OPEN) {
			this.state = (this.state == ENDED) ? ENDED : CLOSED;
			return;
		}
		this.state = CLOSED;
		if (!drainable()) {
			this.end.abandon(CloseReason.READ_UNTIL_CLOSE);
			return;
		}
		long max = this.end.drainMaxBytes();
		if (knownRemaining() > max) {
			this.end.abandon(CloseReason.DRAIN_LIMIT);
			return;
		}
		drain(max);
	}

	/** Reads what is left, within the drain's bounds; the end hook is drainedToEnd when it gets there, else abandon. */
	private void drain(long max) {
		this.end.drainStarts();
		byte[] scratch = new byte[(int) Math.min(4096, Math.max(64, max))];
		long drained = 0;
		this.state = OPEN; // let readBody's completion through
		this.draining = true;
		try {
			while (this.state == OPEN) {
				if (this.end.drainTimeUp()) {
					this.state = CLOSED;
					this.end.abandon(CloseReason.DRAIN_TIMEOUT);
					return;
				}
				// up to one byte past the limit, to tell a body over it (max - drained + 1 wraps for Long.MAX_VALUE)
				long left = max - drained;
				int n = readBody(scratch, 0, (left >= scratch.length) ? scratch.length : (int) left + 1);
				if (n < 0) {
					break;
				}
				drained += n;
				if (drained > max && this.state == OPEN) {
					this.state = CLOSED;
					this.end.abandon(CloseReason.DRAIN_LIMIT);
					return;
				}
			}
			if (this.state == OPEN) {
				// a framing that returned -1 without reaching its end: none does, but the body still ends once
				this.state = CLOSED;
				this.end.abandon(CloseReason.TRUNCATED_BODY);
			}
		}
		catch (SocketTimeoutException ex) {
			this.state = CLOSED;
			this.end.abandon(CloseReason.DRAIN_TIMEOUT);
		}
		catch (IOException ex) {
			this.state = FAILED;
			this.failure = ex;
			this.end.abandon(reasonFor(ex));
		}
		finally {
			if (this.state == ENDED) {
				this.state = CLOSED;
			}
		}
	}
}
