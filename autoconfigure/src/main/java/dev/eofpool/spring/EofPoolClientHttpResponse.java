package dev.eofpool.spring;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.eofpool.transport.HttpResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedCaseInsensitiveMap;

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
			dev.eofpool.transport.HttpHeaders fields = this.response.headers();
			// sized for the fields up front (no rehashing), as new HttpHeaders() would hold them
			LinkedCaseInsensitiveMap<List<String>> copy = new LinkedCaseInsensitiveMap<>(fields.size(), Locale.ROOT);
			for (int i = 0; i < fields.size(); i++) {
				copy.computeIfAbsent(fields.name(i), (name) -> new ArrayList<>(1)).add(fields.value(i));
			}
			headers = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders(CollectionUtils.toMultiValueMap(copy)));
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
