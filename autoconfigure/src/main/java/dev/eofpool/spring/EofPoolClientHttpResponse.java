package dev.eofpool.spring;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.eofpool.transport.HttpResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * {@link ClientHttpResponse} over a transport {@link HttpResponse}. Its body is the EOF-gated stream: reading it to the
 * end returns the connection to the pool before that read returns. {@link #close()} drains an unread body within the
 * transport's bounds (or closes the connection), is idempotent and never throws.
 */
final class EofPoolClientHttpResponse implements ClientHttpResponse {

	private final HttpResponse response;

	private final AtomicBoolean closed = new AtomicBoolean();

	/** Built on first use; responses are used by one thread at a time. */
	private @Nullable HttpHeaders headers;

	EofPoolClientHttpResponse(HttpResponse response) {
		this.response = response;
	}

	@Override
	public HttpStatusCode getStatusCode() {
		return HttpStatusCode.valueOf(this.response.status());
	}

	@Override
	public String getStatusText() {
		return this.response.reason();
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = this.headers;
		if (headers == null) {
			HttpHeaders copy = new HttpHeaders();
			this.response.headers().forEach(copy::add);
			headers = HttpHeaders.readOnlyHttpHeaders(copy);
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
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.response.close();
			}
			catch (RuntimeException ex) {
				// close() must not throw; the transport has already given up the connection
			}
		}
	}

}
