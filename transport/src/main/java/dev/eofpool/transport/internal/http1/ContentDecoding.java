package dev.eofpool.transport.internal.http1;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.Route;

/**
 * Transparent content decoding (RFC 9110 8.4), as Apache HttpClient 5 does by default: when the caller set no
 * {@code Accept-Encoding}, the transport sends {@link #ACCEPT_ENCODING} and undoes the {@code Content-Encoding} of the
 * response; the caller then sees plain bytes, without {@code Content-Encoding} and {@code Content-Length} (the length
 * is the encoded body's, not the one the caller reads).
 * <p>
 * A response is decoded only when every coding it lists is {@code gzip}, {@code x-gzip} or {@code deflate}
 * ({@code identity} is ignored). With any other coding it is left exactly as sent, {@code Content-Encoding} included:
 * a client must not decode what it did not ask for, and half-decoding a list would leave bytes that match no header,
 * so the caller sees the codings the server applied and can act on them. A caller that set its own
 * {@code Accept-Encoding} asked for those codings itself and gets the bytes as sent. A request with {@code Range} is
 * not negotiated either (as OkHttp does): a range of an encoded representation cannot be decoded on its own.
 */
public final class ContentDecoding {

	/** The {@code Accept-Encoding} value the transport sends when the caller set none. */
	public static final String ACCEPT_ENCODING = "gzip, deflate";

	private ContentDecoding() {
	}

	/**
	 * Whether the transport negotiates the coding of this request: the caller set neither {@code Accept-Encoding}
	 * nor {@code Range}. Then the transport adds {@code Accept-Encoding: gzip, deflate} when writing the request, and
	 * {@link #plan} may decode the response.
	 * @param requestHeaders the headers the caller set (before the transport adds its own)
	 */
	public static boolean negotiates(HttpHeaders requestHeaders) {
		return !requestHeaders.contains("Accept-Encoding") && !requestHeaders.contains("Range");
	}

	/**
	 * How to decode this response, or {@code null} to leave it as sent: when the transport did not negotiate (see
	 * {@link #negotiates}), when the response has no body (HEAD, 1xx, 204, 304) or is partial (206), when it has no
	 * coding besides {@code identity}, or when any coding is not one this class decodes.
	 * @param method the request method
	 * @param status the response status
	 * @param requestHeaders the headers the caller set
	 * @param responseHeaders the response's headers
	 */
	public static Plan plan(String method, int status, HttpHeaders requestHeaders, HttpHeaders responseHeaders) {
		if ("HEAD".equals(method) || status < 200 || status == 204 || status == 206 || status == 304
				|| !negotiates(requestHeaders)) {
			return null;
		}
		List<String> values = responseHeaders.all("Content-Encoding");
		if (values.isEmpty()) {
			return null;
		}
		List<InflatingStream.Format> codings = codings(values);
		return (codings == null || codings.isEmpty()) ? null : new Plan(codings, decodedHeaders(responseHeaders));
	}

	/**
	 * The decodable codings of a {@code Content-Encoding} list in the order they were applied, {@code identity} and
	 * empty list elements skipped; {@code null} when any coding is not {@code gzip}, {@code x-gzip} or {@code deflate}.
	 */
	static List<InflatingStream.Format> codings(List<String> values) {
		List<InflatingStream.Format> codings = new ArrayList<>(2);
		for (String value : values) {
			for (String element : value.split(",", -1)) {
				String coding = element.strip().toLowerCase(Locale.ROOT);
				switch (coding) {
					case "", "identity" -> {
					}
					case "gzip", "x-gzip" -> codings.add(InflatingStream.Format.GZIP);
					case "deflate" -> codings.add(InflatingStream.Format.DEFLATE);
					default -> {
						return null;
					}
				}
			}
		}
		return codings;
	}

	/** The response's headers without {@code Content-Encoding} and {@code Content-Length}, otherwise in order. */
	public static HttpHeaders decodedHeaders(HttpHeaders responseHeaders) {
		return without(responseHeaders, "Content-Encoding", "Content-Length");
	}

	/** The headers without the fields of the given names; the same instance when none is present. */
	static HttpHeaders without(HttpHeaders headers, String... names) {
		List<String> fields = new ArrayList<>(headers.size() * 2);
		for (int i = 0; i < headers.size(); i++) {
			String name = headers.name(i);
			boolean drop = false;
			for (String n : names) {
				drop |= n.equalsIgnoreCase(name);
			}
			if (!drop) {
				fields.add(name);
				fields.add(headers.value(i));
			}
		}
		return (fields.size() == headers.size() * 2) ? headers : HttpHeaders.ofParsed(fields);
	}

	/**
	 * Wraps {@code body} in one {@link InflatingStream} per coding, the last applied undone first, each capped at
	 * {@code maxDecodedBytes} (0 or less: no cap), which a failure names as {@code maxSetting}.
	 */
	static InputStream decode(InputStream body, List<InflatingStream.Format> codings, Route route,
			long maxDecodedBytes, String maxSetting) {
		InputStream decoded = body;
		for (int i = codings.size() - 1; i >= 0; i--) {
			decoded = new InflatingStream(decoded, codings.get(i), route, maxDecodedBytes, maxSetting);
		}
		return decoded;
	}

	/**
	 * A decision to decode a response.
	 *
	 * @param codings the codings to undo, in the order the server applied them
	 * @param headers the headers the caller sees: the response's without {@code Content-Encoding} and
	 * {@code Content-Length}
	 */
	public record Plan(List<InflatingStream.Format> codings, HttpHeaders headers) {

		/** Copies the codings. */
		public Plan {
			codings = List.copyOf(codings);
		}

		/**
		 * The decoded body over the response body (typically the EOF-gated {@link BodyStream}).
		 * @param body the body as framed on the wire
		 * @param route the route named in failures
		 * @param maxDecodedBytes the most decoded bytes allowed; 0 or less for no limit
		 * @param maxSetting the setting that limit comes from, named when a body exceeds it
		 */
		public InputStream wrap(InputStream body, Route route, long maxDecodedBytes, String maxSetting) {
			return decode(body, this.codings, route, maxDecodedBytes, maxSetting);
		}

	}

}
