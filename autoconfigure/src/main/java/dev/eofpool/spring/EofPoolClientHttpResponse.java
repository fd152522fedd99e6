package dev.eofpool.spring;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.eofpool.transport.HttpResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * {@link ClientHttpResponse} over a transport {@link HttpResponse}. Its body is the EOF-gated stream: reading it to the
 * end returns the connection to the pool before that read returns. {@link #close()} drains an unread body within the
 * transport's bounds (or closes the connection), is idempotent and never throws.
 */
final class EofPoolClientHttpResponse implements ClientHttpResponse {

	private final HttpResponse response;

	private static final VarHandle CLOSED;

	static {
		try {
			CLOSED = MethodHandles.lookup().findVarHandle(EofPoolClientHttpResponse.class, "closed", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** 1 once {@link #close()} ran (a field, not an {@code AtomicBoolean}: nothing allocated per response). */
	private volatile int closed;

	/** Built on first use, over the transport's headers; responses are used by one thread at a time. */
	private @Nullable HttpHeaders headers;

	EofPoolClientHttpResponse(HttpResponse response) {
		this.response = response;
	}

	/**
	 * The status as Spring's constant for it ({@link HttpStatus}), else a code of its own. Resolved without
	 * {@link HttpStatusCode#valueOf(int)}, whose range check builds a message supplier on every call, and Spring asks
	 * several times per response (status handlers, the body introspection, observations).
	 */
	@Override
	public HttpStatusCode getStatusCode() {
		int code = this.response.status();
		HttpStatus known = HttpStatus.resolve(code);
		return (known != null) ? known : HttpStatusCode.valueOf(code);
	}

	@Override
	public String getStatusText() {
		return this.response.reason();
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = this.headers;
		if (headers == null) {
			// a view of the transport's fields, not a copy: a read scans them in place
			headers = EofPoolClientHttpResponseHeaders.readOnly(this.response.headers());
			this.headers = headers;
		}
		return headers;
	}

	@Override
	public InputStream getBody() {
		return this.response.body();
	}

	@Override
	public void close() {
		if (CLOSED.compareAndSet(this, 0, 1)) {
			try {
				this.response.close();
			}
			catch (RuntimeException ex) {
				// close() must not throw; the transport has already given up the connection
			}
		}
	}

}
