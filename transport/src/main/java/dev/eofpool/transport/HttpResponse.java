package dev.eofpool.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response whose head has been read. Its {@link #body()} is EOF-gated: the connection goes back to the pool inside
 * the {@code read()} that reaches the end of the body (or inside {@link #close()}, after a bounded drain), before that
 * call returns. A response must be read to the end or closed; one dropped without either is found by leak detection.
 */
public final class HttpResponse implements Closeable {

	private final int status;

	private final String reason;

	private final String version;

	private final HttpHeaders headers;

	private final InputStream body;

	private final boolean reusedConnection;

	/** Built by the transport. */
	public HttpResponse(int status, String reason, String version, HttpHeaders headers, InputStream body,
			boolean reusedConnection) {
		this.status = status;
		this.reason = reason;
		this.version = version;
		this.headers = headers;
		this.body = body;
		this.reusedConnection = reusedConnection;
	}

	/** The status code, 200 to 599 (1xx interim responses are skipped). */
	public int status() {
		return this.status;
	}

	/** The reason phrase, possibly empty. */
	public String reason() {
		return this.reason;
	}

	/** {@code HTTP/1.1} or {@code HTTP/1.0}. */
	public String version() {
		return this.version;
	}

	/**
	 * The response headers, in the order received, less those that no longer describe the body handed out: a coding
	 * the transport undid, and a {@code Content-Length} beside {@code Transfer-Encoding}, which frames the body instead
	 * (RFC 9112 6.3).
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/** The body stream (empty for HEAD, 204, 304). Reading it to -1 or closing it ends the exchange. */
	public InputStream body() {
		return this.body;
	}

	/** Whether the request was served on a connection that had served an earlier request. */
	public boolean reusedConnection() {
		return this.reusedConnection;
	}

	/** Closes the body: drains it within the configured bounds so the connection can be reused, else closes it. */
	@Override
	public void close() {
		try {
			this.body.close();
		}
		catch (IOException ex) {
			// the body's close never fails: any problem closes the connection instead
		}
	}

	@Override
	public String toString() {
		return this.version + " " + this.status + " " + this.reason;
	}
}
