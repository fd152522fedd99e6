package dev.eofpool.transport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a request, written straight to the connection (never buffered whole by the transport).
 * <p>
 * A body of known length is sent with {@code Content-Length}; one of unknown length ({@code -1}) with
 * {@code Transfer-Encoding: chunked}. A body that is not {@linkplain #replayable() replayable} is never sent twice, so
 * a request carrying one is not retried once any of it may have been written.
 */
public interface RequestBody {

	/** Number of bytes {@link #writeTo} writes, or {@code -1} when unknown. */
	long contentLength();

	/**
	 * Writes the body. Closing {@code out} does nothing (the connection stays open for the response), so a body may
	 * hand it to code that closes what it writes to; {@code out} must not be used once this method returns.
	 */
	void writeTo(OutputStream out) throws IOException;

	/** Whether {@link #writeTo} can be called again and writes the same bytes. */
	default boolean replayable() {
		return false;
	}

	/** A replayable body of these bytes. */
	static RequestBody of(byte[] bytes) {
		return new RequestBody() {
			@Override
			public long contentLength() {
				return bytes.length;
			}

			@Override
			public void writeTo(OutputStream out) throws IOException {
				out.write(bytes);
			}

			@Override
			public boolean replayable() {
				return true;
			}
		};
	}
}
