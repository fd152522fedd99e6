package dev.eofpool.transport.internal.http1;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;

/**
 * The transfer codings of a response (RFC 9112 6.1 and 7): whether {@code chunked} frames the body, and which codings
 * were applied before it. RFC 9112 7 lets a recipient decode a coding or refuse the message; never pass the coded
 * bytes on as the content.
 * <p>
 * {@code gzip}, {@code x-gzip} and {@code deflate} before {@code chunked} are decoded, through the same
 * {@link InflatingStream} as content codings (capped alike), as Reactor Netty does for gzip; Apache HttpClient 5
 * refuses them. Decoding is chosen because a transfer coding belongs to the message, not to the representation: the
 * caller never sees it and cannot undo it (unlike {@code Content-Encoding}, which stays visible when not decoded), the
 * decoder streams and checks its trailer, and {@code chunked} still ends the body, so the connection stays reusable.
 * Any other coding ({@code compress}, {@code x-custom}, a coding with parameters) is refused with an
 * {@link HttpProtocolException} naming it and the route: the connection must then be closed, since the body's end
 * cannot be trusted. {@code identity} (RFC 2616's no-op) is ignored.
 * <p>
 * When {@code chunked} is not the last coding (or absent), the body is read until the server closes the connection
 * (RFC 9112 6.3, rule 4) and the codings listed are decoded from that. A {@code chunked} anywhere but last is refused:
 * chunked may be applied once and only as the final coding (RFC 9112 6.1), and a chunked layer inside another coding
 * would have to be undone by a second chunked parser.
 *
 * @param chunked whether the body is framed by {@code chunked} (else it ends when the connection closes)
 * @param codings the codings applied before {@code chunked} (or all of them when not chunked), in the order applied
 */
public record TransferCodings(boolean chunked, List<InflatingStream.Format> codings) {

	/** Plain chunked framing, nothing else to undo. */
	public static final TransferCodings CHUNKED = new TransferCodings(true, List.of());

	/** Copies the codings. */
	public TransferCodings {
		codings = List.copyOf(codings);
	}

	/**
	 * Reads the {@code Transfer-Encoding} values of a response, every field in order as one list.
	 * @param values the field values, at least one
	 * @param route the route named in failures
	 * @throws HttpProtocolException naming the coding and the route for a coding not decoded, an empty list, or a
	 * {@code chunked} that is not last
	 */
	public static TransferCodings parse(List<String> values, Route route) throws HttpProtocolException {
		if (values.size() == 1 && values.get(0).strip().equalsIgnoreCase("chunked")) {
			return CHUNKED;
		}
		List<String> names = new ArrayList<>(4);
		for (String value : values) {
			for (String element : value.split(",", -1)) {
				String name = element.strip();
				if (!name.isEmpty()) {
					names.add(name);
				}
			}
		}
		if (names.isEmpty()) {
			throw new HttpProtocolException("Response from " + route + " has a Transfer-Encoding header without a "
					+ "coding: " + values);
		}
		List<InflatingStream.Format> codings = new ArrayList<>(names.size());
		boolean chunked = false;
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			switch (name.toLowerCase(Locale.ROOT)) {
				case "chunked" -> {
					if (i != names.size() - 1) {
						throw new HttpProtocolException("Response from " + route + " has Transfer-Encoding "
								+ values + " with chunked before another coding: chunked may only be the last coding "
								+ "(RFC 9112 6.1)");
					}
					chunked = true;
				}
				case "gzip", "x-gzip" -> codings.add(InflatingStream.Format.GZIP);
				case "deflate" -> codings.add(InflatingStream.Format.DEFLATE);
				case "identity" -> {
				}
				default -> throw new HttpProtocolException("Response from " + route + " has the transfer coding '"
						+ name + "' (Transfer-Encoding " + values + "), which eofpool does not decode (only chunked, "
						+ "gzip and deflate); refusing the response");
			}
		}
		return new TransferCodings(chunked, codings);
	}

	/** Whether a coding besides {@code chunked} must be undone. */
	public boolean coded() {
		return !this.codings.isEmpty();
	}

	/**
	 * The content over the de-framed body ({@link ChunkedBody} or {@link UntilCloseBody}): {@code body} itself when
	 * nothing else is to be undone.
	 * @param body the body with the framing removed
	 * @param route the route named in failures
	 * @param maxDecodedBytes the most decoded bytes allowed; 0 or less for no limit
	 * @param maxSetting the setting that limit comes from, named when a body exceeds it
	 */
	public InputStream decode(InputStream body, Route route, long maxDecodedBytes, String maxSetting) {
		return ContentDecoding.decode(body, this.codings, route, maxDecodedBytes, maxSetting);
	}

	/**
	 * The headers the caller sees once the codings are undone, as {@link #decodedHeaders(HttpHeaders, boolean)}
	 * gives them, looking up whether a {@code Content-Length} is there.
	 */
	public HttpHeaders decodedHeaders(HttpHeaders headers) {
		return decodedHeaders(headers, headers.contains("Content-Length"));
	}

	/**
	 * The headers the caller sees once the codings are undone: {@code Transfer-Encoding: chunked} when chunked, none
	 * otherwise; and never a {@code Content-Length}, which {@code Transfer-Encoding} overrides and which must not be
	 * passed on beside it (RFC 9112 6.3). The same instance when nothing is undone or dropped.
	 * @param withLength whether the headers hold a {@code Content-Length} (the body's framing already tells)
	 */
	public HttpHeaders decodedHeaders(HttpHeaders headers, boolean withLength) {
		if (!coded()) {
			return withLength ? ContentDecoding.without(headers, "Content-Length") : headers;
		}
		if (!this.chunked) {
			return ContentDecoding.without(headers, "Transfer-Encoding", "Content-Length");
		}
		List<String> fields = new ArrayList<>(headers.size() * 2);
		boolean added = false;
		for (int i = 0; i < headers.size(); i++) {
			if (headers.name(i).equalsIgnoreCase("Transfer-Encoding")) {
				if (!added) {
					fields.add(headers.name(i));
					fields.add("chunked");
					added = true;
				}
			}
			else if (!withLength || !headers.name(i).equalsIgnoreCase("Content-Length")) {
				fields.add(headers.name(i));
				fields.add(headers.value(i));
			}
		}
		return HttpHeaders.ofParsed(fields);
	}

}
