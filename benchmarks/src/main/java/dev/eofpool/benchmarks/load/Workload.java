package dev.eofpool.benchmarks.load;

import java.util.Locale;

/**
 * What each request of a cell does. The target server serves the same three paths whichever it is (nginx or the
 * embedded one): {@code /1k} and {@code /64k} answer that many bytes, {@code /post} reads the whole request body
 * before answering {@link #POST_RESPONSE_BYTES} bytes.
 */
public enum Workload {

	GET_1K("GET", "/1k", 0, 1024, false, false),

	GET_64K("GET", "/64k", 0, 64 * 1024, false, false),

	POST_1K("POST", "/post", 1024, Workload.POST_RESPONSE_BYTES, false, false),

	/** {@code GET /1k} over TLS on the server's HTTPS port, connections kept alive and pooled. */
	HTTPS_GET_1K("GET", "/1k", 0, 1024, true, false),

	/**
	 * {@code GET /1k} over TLS where every request carries {@code Connection: close}: the server closes after the
	 * answer, so each request pays a TCP connect and a full TLS handshake (the harness's nginx has session resumption
	 * off) inside the same, long-lived client.
	 */
	HTTPS_COLD_GET_1K("GET", "/1k", 0, 1024, true, true);

	/** Length of the answer to a POST. */
	public static final int POST_RESPONSE_BYTES = 2;

	private final String method;

	private final String path;

	private final int requestBytes;

	private final int responseBytes;

	private final boolean tls;

	private final boolean cold;

	Workload(String method, String path, int requestBytes, int responseBytes, boolean tls, boolean cold) {
		this.method = method;
		this.path = path;
		this.requestBytes = requestBytes;
		this.responseBytes = responseBytes;
		this.tls = tls;
		this.cold = cold;
	}

	/** Whether the request goes to the server's HTTPS port. */
	public boolean tls() {
		return this.tls;
	}

	/** Whether every request asks for its own connection ({@code Connection: close}): no reuse, a handshake each. */
	public boolean cold() {
		return this.cold;
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

	/** Length of the request body (0 for none). */
	public int requestBytes() {
		return this.requestBytes;
	}

	/** Length of the response body every correct answer has. */
	public int responseBytes() {
		return this.responseBytes;
	}

	/** A fresh request body of {@link #requestBytes()} bytes (printable, so logs stay readable). */
	public byte[] newRequestBody() {
		byte[] body = new byte[this.requestBytes];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ('a' + (i % 26));
		}
		return body;
	}

	/** Short label, e.g. {@code GET 1 KiB}. */
	public String label() {
		return (this.tls ? (this.cold ? "HTTPS cold " : "HTTPS ") : "") + this.method + " " + (this.requestBytes > 0 ? this.requestBytes : this.responseBytes) / 1024 + " KiB";
	}

	/** Command-line name, e.g. {@code get1k}. */
	public String id() {
		return name().replace("_", "").toLowerCase(Locale.ROOT);
	}

	public static Workload ofId(String id) {
		for (Workload w : values()) {
			if (w.id().equalsIgnoreCase(id) || w.name().equalsIgnoreCase(id)) {
				return w;
			}
		}
		throw new IllegalArgumentException("Unknown workload '" + id + "': expected get1k, get64k, post1k, httpsget1k or httpscoldget1k");
	}
}
