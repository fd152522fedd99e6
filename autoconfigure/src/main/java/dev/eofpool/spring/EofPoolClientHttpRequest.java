package dev.eofpool.spring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieHandler;
import java.net.ProtocolException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.tls.TlsSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;
import org.springframework.util.FastByteArrayOutputStream;

/**
 * {@link ClientHttpRequest} sent through an {@link HttpTransport}: the body is streamed to the connection (with
 * {@code Content-Length} when the headers give it, chunked otherwise), and redirects are followed as the factory says.
 * The factory's TLS settings, if any, go with every hop, redirects included.
 * <p>
 * It behaves as Spring's {@code AbstractStreamingClientHttpRequest} (headers read-only once executed, either
 * {@link #getBody()} or {@link #setBody}, executed once) but owns the map behind its {@link HttpHeaders}
 * ({@link HeaderFields}, which looks names up without lower-casing them), so the headers are handed to the transport in
 * one pass by index over that map: Spring's own iteration builds a case-insensitive set of the names on every call. A
 * body given as bytes ({@link #setBody(byte[])}, as Spring's interceptor chain does) goes to the transport as bytes,
 * with its length.
 */
final class EofPoolClientHttpRequest implements ClientHttpRequest, StreamingHttpOutputMessage {

	/** Headers describing a body: dropped when a redirect turns the request into a body-less GET. */
	private static final Set<String> CONTENT_HEADERS = Set.of("content-type", "content-encoding", "content-language",
			"content-location", "content-disposition", "content-md5", "content-range");

	/**
	 * Headers meant for the original origin: credentials, and a {@code Host} set by the caller (without one, the
	 * transport writes the target's). Not sent on to another origin when a redirect leads there.
	 */
	private static final Set<String> ORIGIN_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "host");

	private static final String GET_OR_SET_BODY = "Invoke either getBody or setBody; not both";

	private final HttpTransport transport;

	private final URI uri;

	private final HttpMethod method;

	private final Options options;

	/** The map behind {@link #headers}: names case-insensitive, in order, as {@code new HttpHeaders()} has them. */
	private final HeaderFields fields = new HeaderFields();

	private final HttpHeaders headers = new RequestHeaders(this.fields);

	private @Nullable HttpHeaders readOnlyHeaders;

	private @Nullable Map<String, Object> attributes;

	private @Nullable Body body;

	/** The body given as bytes ({@link #setBody(byte[])}): sent as they are, with their length. */
	private byte @Nullable [] bodyBytes;

	private @Nullable FastByteArrayOutputStream bodyStream;

	private boolean executed;

	EofPoolClientHttpRequest(HttpTransport transport, URI uri, HttpMethod method, Options options) {
		this.transport = transport;
		this.uri = uri;
		this.method = method;
		this.options = options;
	}

	@Override
	public HttpMethod getMethod() {
		return this.method;
	}

	@Override
	public URI getURI() {
		return this.uri;
	}

	/** The headers to send: writable until the request is executed, read-only afterwards. */
	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders readOnly = this.readOnlyHeaders;
		if (readOnly != null) {
			return readOnly;
		}
		if (this.executed) {
			readOnly = HttpHeaders.readOnlyHttpHeaders(this.headers);
			this.readOnlyHeaders = readOnly;
			return readOnly;
		}
		return this.headers;
	}

	/** The attributes: a map that makes its table only when an attribute is put ({@link RequestAttributes}). */
	@Override
	public Map<String, Object> getAttributes() {
		Map<String, Object> attributes = this.attributes;
		if (attributes == null) {
			attributes = new RequestAttributes();
			this.attributes = attributes;
		}
		return attributes;
	}

	/** A buffer for the body, sent when the request is executed; not with {@link #setBody}. */
	@Override
	public OutputStream getBody() {
		assertNotExecuted();
		Assert.state(this.body == null && this.bodyBytes == null, GET_OR_SET_BODY);
		FastByteArrayOutputStream buffer = this.bodyStream;
		if (buffer == null) {
			buffer = new FastByteArrayOutputStream(1024);
			this.bodyStream = buffer;
		}
		return buffer;
	}

	/** The body, written straight to the connection when the request is executed; not with {@link #getBody()}. */
	@Override
	public void setBody(Body body) {
		Assert.notNull(body, "Body must not be null");
		assertNotExecuted();
		Assert.state(this.bodyStream == null, GET_OR_SET_BODY);
		this.body = body;
		this.bodyBytes = null;
	}

	/**
	 * The body as bytes (Spring's interceptors hand a buffered body over this way): written from the array with the
	 * head, framed by its length unless the headers give a {@code Content-Length}, and sent again on a retry or a
	 * redirect that keeps the body. The array must not change until the response arrives.
	 */
	@Override
	public void setBody(byte[] body) {
		Assert.notNull(body, "Body must not be null");
		assertNotExecuted();
		Assert.state(this.bodyStream == null, GET_OR_SET_BODY);
		this.body = null;
		this.bodyBytes = body;
	}

	@Override
	public ClientHttpResponse execute() throws IOException {
		assertNotExecuted();
		ClientHttpResponse response = executeInternal();
		this.executed = true;
		return response;
	}

	private void assertNotExecuted() {
		Assert.state(!this.executed, "ClientHttpRequest already executed");
	}

	private ClientHttpResponse executeInternal() throws IOException {
		HttpRequest.Builder first = HttpRequest.builder(this.method.name(), this.uri);
		RequestBody requestBody = requestBody(copyHeaders(first, true, true));
		HttpResponse response = send(first, requestBody, this.uri, true);
		if (this.options.maxRedirects() > 0 && Hop.isRedirect(response.status())) {
			// the first hop is described only when there is a redirect to follow: most requests never need it
			response = followRedirects(new Hop(this.method.name(), this.uri, requestBody, true, true), response);
		}
		return new EofPoolClientHttpResponse(response);
	}

	/**
	 * The body to send, framed by {@code contentLength} (the headers' {@code Content-Length}, -1 without one), or
	 * {@code null} for none: no body, or an empty one (the transport then sends {@code Content-Length: 0} for POST,
	 * PUT, PATCH and DELETE).
	 */
	private @Nullable RequestBody requestBody(long contentLength) {
		if (contentLength == 0) {
			return null;
		}
		FastByteArrayOutputStream buffer = this.bodyStream;
		// written through getBody(): buffered whole, so sent as bytes, which a redirect or a retry can replay
		byte[] bytes = (this.bodyBytes == null && this.body == null && buffer != null) ? buffer.toByteArrayUnsafe()
				: this.bodyBytes;
		if (bytes != null) {
			if (contentLength < 0 || contentLength == bytes.length) {
				return (bytes.length == 0) ? null : RequestBody.of(bytes);
			}
			// a Content-Length that disagrees with the bytes goes out as declared, for the transport to refuse
			return new StreamingBody((out) -> out.write(bytes), contentLength);
		}
		Body body = this.body;
		return (body != null) ? new StreamingBody(body, contentLength) : null;
	}

	/** Follows the redirects {@code response}, the answer to {@code hop}, leads to, as the options allow. */
	private HttpResponse followRedirects(Hop hop, HttpResponse response) throws IOException {
		int followed = 0;
		while (true) {
			Hop next = hop.redirect(response);
			if (next == null) {
				return response;
			}
			if (followed == this.options.maxRedirects()) {
				response.close();
				throw new ProtocolException("Too many redirects: more than " + this.options.maxRedirects() + " for "
						+ this.method.name() + " " + this.uri + ", the last one from " + hop.uri() + " to " + next.uri()
						+ "; to follow more raise EofPoolClientHttpRequestFactory.setMaxRedirects");
			}
			// Drain the redirect's own body so its connection goes back to the pool for the next hop to reuse.
			response.close();
			followed++;
			hop = next;
			HttpRequest.Builder builder = HttpRequest.builder(hop.method(), hop.uri());
			copyHeaders(builder, hop.keepContentHeaders(), hop.sameOrigin());
			response = send(builder, hop.body(), hop.uri(), hop.sameOrigin());
		}
	}

	/**
	 * Adds the headers a hop sends to {@code builder}, in one pass over {@link #fields}, and returns the first
	 * {@code Content-Length} value ({@code -1} without one), as {@link HttpHeaders#getContentLength()} reads it. The
	 * transport frames the body itself, so {@code Content-Length} and {@code Transfer-Encoding} are never copied; a
	 * cookie store merges {@code Cookie} itself.
	 * @throws NumberFormatException when the {@code Content-Length} value is not a number
	 */
	private long copyHeaders(HttpRequest.Builder builder, boolean keepContentHeaders, boolean sameOrigin) {
		boolean cookieStore = this.options.cookies() != null;
		long contentLength = -1;
		boolean lengthSeen = false;
		HeaderFields fields = this.fields;
		for (int f = 0, n = fields.size(); f < n; f++) {
			String name = fields.name(f);
			List<String> values = fields.values(f);
			if (name.equalsIgnoreCase("Content-Length")) {
				if (!lengthSeen && !values.isEmpty()) {
					contentLength = Long.parseLong(values.get(0));
					lengthSeen = true;
				}
				continue;
			}
			// the common case (first hop) decides without lower-casing the name
			if ((cookieStore && name.equalsIgnoreCase("Cookie")) || name.equalsIgnoreCase("Transfer-Encoding")
					|| (!keepContentHeaders && CONTENT_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
					|| (!sameOrigin && ORIGIN_HEADERS.contains(name.toLowerCase(Locale.ROOT)))) {
				continue;
			}
			for (int i = 0; i < values.size(); i++) {
				builder.header(name, values.get(i));
			}
		}
		return contentLength;
	}

	/** Sends one hop to {@code uri} whose headers {@code builder} already holds. */
	private HttpResponse send(HttpRequest.Builder builder, @Nullable RequestBody body, URI uri, boolean sameOrigin)
			throws IOException {
		if (body != null) {
			builder.body(body);
		}
		Options options = this.options;
		if (options.connectTimeout() != null) {
			builder.connectTimeout(options.connectTimeout());
		}
		if (options.readTimeout() != null) {
			builder.readTimeout(options.readTimeout());
		}
		if (options.tls() != null) {
			builder.tls(options.tls());
		}
		CookieHandler cookies = options.cookies();
		if (cookies == null) {
			return this.transport.send(builder.build());
		}
		Cookies.addTo(builder, cookies, uri, this.headers, sameOrigin);
		HttpResponse response = this.transport.send(builder.build());
		Cookies.store(cookies, uri, response);
		return response;
	}

	/**
	 * Settings copied from the factory when the request was created.
	 *
	 * @param connectTimeout connect timeout, or {@code null} for the transport's default
	 * @param readTimeout read timeout, or {@code null} for the transport's default
	 * @param maxRedirects redirects followed at most; 0 follows none
	 * @param tls TLS settings of {@code https} hops, or {@code null} for the transport's
	 * @param cookies the factory's cookie store, or {@code null} for none
	 */
	record Options(@Nullable Duration connectTimeout, @Nullable Duration readTimeout, int maxRedirects,
			@Nullable TlsSettings tls, @Nullable CookieHandler cookies) {
	}

	/**
	 * One hop of a request.
	 *
	 * @param method the method sent
	 * @param uri the target
	 * @param body the body, or {@code null}
	 * @param keepContentHeaders whether the original body's headers still apply
	 * @param sameOrigin whether the target has the original request's scheme, host and port
	 */
	private record Hop(String method, URI uri, @Nullable RequestBody body, boolean keepContentHeaders,
			boolean sameOrigin) {

		/**
		 * The next hop when {@code response} is a redirect that can be followed, else {@code null}: 303, and 301 or
		 * 302 answering a POST, continue with a GET without body (HEAD stays HEAD), as browsers and the JDK's client
		 * do; other redirects keep method and body, but only when the body can be sent again.
		 */
		@Nullable Hop redirect(HttpResponse response) {
			int status = response.status();
			if (!isRedirect(status)) {
				return null;
			}
			String location = response.headers().first("Location");
			if (location == null || location.isBlank()) {
				return null;
			}
			URI target;
			try {
				target = UriReferences.redirectTarget(this.uri, location);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			String scheme = target.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					|| target.getHost() == null) {
				return null;
			}
			boolean sameOrigin = this.sameOrigin && sameOrigin(this.uri, target);
			boolean toGet = status == 303 || ((status == 301 || status == 302) && "POST".equals(this.method));
			if (toGet) {
				String nextMethod = "HEAD".equals(this.method) ? "HEAD" : "GET";
				return new Hop(nextMethod, target, null, false, sameOrigin);
			}
			if (this.body != null && !this.body.replayable()) {
				return null;
			}
			return new Hop(this.method, target, this.body, this.keepContentHeaders, sameOrigin);
		}

		/** Whether {@code status} is one of the redirects that can be followed. */
		static boolean isRedirect(int status) {
			return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
		}

		private static boolean sameOrigin(URI a, URI b) {
			return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
					&& port(a) == port(b);
		}

		private static int port(URI uri) {
			if (uri.getPort() >= 0) {
				return uri.getPort();
			}
			return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		}

	}

	/** A Spring {@link Body} written straight to the connection. */
	private static final class StreamingBody implements RequestBody {

		private final Body body;

		private final long contentLength;

		StreamingBody(Body body, long contentLength) {
			this.body = body;
			this.contentLength = contentLength;
		}

		@Override
		public long contentLength() {
			return this.contentLength;
		}

		/** Writes the body to the transport's framing stream, which a body closing it leaves open. */
		@Override
		public void writeTo(OutputStream out) throws IOException {
			this.body.writeTo(out);
		}

		@Override
		public boolean replayable() {
			return this.body.repeatable();
		}

	}

}
