package dev.eofpool.spring;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reference resolution by RFC 3986 section 5.2, for redirect targets: {@code Location: ?f=query} from
 * {@code /a/b/query} leads to {@code /a/b/query?f=query} (the 5.4.1 example {@code ?y}), where
 * {@link URI#resolve(URI)}, which follows RFC 2396, gives {@code /a/b/?f=query}.
 * <p>
 * Percent-encoding is kept exactly as given: nothing is decoded or re-encoded, and dot segments are removed only when
 * spelled as {@code .} and {@code ..}. A {@code Location} holding characters that a URI may not contain is handled as
 * browsers and curl do with spaces and non-ASCII: only those characters are percent-encoded, component by component
 * after the RFC 3986 appendix B split. The set encoded is RFC 3986's (a space becomes {@code %20}, a {@code #} inside
 * the fragment {@code %23}, a {@code [} outside the authority {@code %5B}), since the target must be a valid URI. A non-ASCII character stands for one byte of the header (the transport reads header bytes as
 * ISO-8859-1) and is encoded as that byte, which keeps a UTF-8 {@code Location}'s bytes as sent ({@code é} arrives as
 * two characters and becomes {@code %C3%A9}); a character above U+00FF, which the wire never produces, is encoded as
 * its UTF-8 bytes. Resolution is strict (RFC 3986 5.2.2): {@code http:g} is an absolute reference, not a relative one.
 * <p>
 * What cannot be read as a reference is refused with an {@link IllegalArgumentException} naming the {@code Location}:
 * control characters, a {@code %} not followed by two hex digits (as Go does), a scheme that is not an RFC 3986 scheme
 * (a colon in the first segment of a relative path), an authority with characters outside RFC 3986's (IDN host names
 * included: they would need IDNA, not percent-encoding) or that is not a valid {@code host[:port]}.
 */
final class UriReferences {

	/** RFC 3986 appendix B: scheme (2), authority (4), path (5), query (7), fragment (9). */
	private static final Pattern REFERENCE = Pattern.compile("^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$",
			Pattern.DOTALL);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/** Characters allowed as is in a path segment (pchar minus pct-encoded) plus {@code /}. */
	private static final boolean[] PATH = new boolean[128];

	/** Characters allowed as is in a query or fragment: a path's plus {@code ?}. */
	private static final boolean[] QUERY = new boolean[128];

	/** Characters allowed in an authority: unreserved, sub-delims, {@code :}, {@code @}, {@code [}, {@code ]}. */
	private static final boolean[] AUTHORITY = new boolean[128];

	static {
		String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
		String subDelims = "!$&'()*+,;=";
		for (char c : (unreserved + subDelims + ":@/").toCharArray()) {
			PATH[c] = true;
			QUERY[c] = true;
		}
		QUERY['?'] = true;
		for (char c : (unreserved + subDelims + ":@[]").toCharArray()) {
			AUTHORITY[c] = true;
		}
	}

	private UriReferences() {
	}

	/**
	 * The target of a redirect from {@code requestUri} to {@code location}: the RFC 3986 resolution of the location,
	 * with illegal characters percent-encoded as described above. When the location has no fragment, the request's
	 * fragment is kept (RFC 9110 10.2.2); requests normally carry none, so the target normally has none either.
	 * @param requestUri the absolute URI of the request that was redirected
	 * @param location the {@code Location} header value
	 * @return the absolute target, its authority parsed as {@code host[:port]} when it has one
	 * @throws IllegalArgumentException naming the location when it is not a URI reference
	 */
	static URI redirectTarget(URI requestUri, String location) {
		Parts base = parse(requestUri.toASCIIString());
		if (base.scheme == null) {
			throw new IllegalArgumentException("Cannot resolve Location '" + location + "' against " + requestUri
					+ ": the request URI is not absolute");
		}
		Parts reference = encode(location.strip(), location);
		Parts target = resolve(base, reference);
		if (reference.fragment == null && base.fragment != null) {
			target = new Parts(target.scheme, target.authority, target.path, target.query, base.fragment);
		}
		String resolved = target.toString();
		try {
			URI uri = new URI(resolved);
			return (uri.getRawAuthority() != null) ? uri.parseServerAuthority() : uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Location '" + location + "' is not a valid URI reference: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Resolves {@code reference} against the absolute {@code base} by RFC 3986 5.2 (pre-parse, transform, merge,
	 * remove dot segments, recompose), on strings that are already valid URI references.
	 * @throws IllegalArgumentException when the base has no scheme or either is not a URI reference
	 */
	static String resolve(String base, String reference) {
		Parts b = parse(base);
		if (b.scheme == null) {
			throw new IllegalArgumentException("Base URI '" + base + "' is not absolute");
		}
		return resolve(b, encode(reference, reference)).toString();
	}

	/** RFC 3986 5.2.2, strict. */
	private static Parts resolve(Parts base, Parts r) {
		if (r.scheme != null) {
			return new Parts(r.scheme, r.authority, removeDotSegments(r.path), r.query, r.fragment);
		}
		if (r.authority != null) {
			return new Parts(base.scheme, r.authority, removeDotSegments(r.path), r.query, r.fragment);
		}
		if (r.path.isEmpty()) {
			return new Parts(base.scheme, base.authority, base.path, (r.query != null) ? r.query : base.query,
					r.fragment);
		}
		String path = r.path.startsWith("/") ? r.path : merge(base, r.path);
		return new Parts(base.scheme, base.authority, removeDotSegments(path), r.query, r.fragment);
	}

	/** RFC 3986 5.2.3. */
	private static String merge(Parts base, String path) {
		if (base.authority != null && base.path.isEmpty()) {
			return "/" + path;
		}
		int slash = base.path.lastIndexOf('/');
		return (slash < 0) ? path : base.path.substring(0, slash + 1) + path;
	}

	/** RFC 3986 5.2.4, its steps A to E on an input buffer consumed from the left. */
	static String removeDotSegments(String path) {
		if (path.indexOf('.') < 0) {
			return path;
		}
		String in = path;
		StringBuilder out = new StringBuilder(path.length());
		while (!in.isEmpty()) {
			if (in.startsWith("../")) {
				in = in.substring(3);
			}
			else if (in.startsWith("./")) {
				in = in.substring(2);
			}
			else if (in.startsWith("/./")) {
				in = in.substring(2);
			}
			else if (in.equals("/.")) {
				in = "/";
			}
			else if (in.startsWith("/../")) {
				in = in.substring(3);
				removeLastSegment(out);
			}
			else if (in.equals("/..")) {
				in = "/";
				removeLastSegment(out);
			}
			else if (in.equals(".") || in.equals("..")) {
				in = "";
			}
			else {
				int next = in.indexOf('/', 1);
				int end = (next < 0) ? in.length() : next;
				out.append(in, 0, end);
				in = in.substring(end);
			}
		}
		return out.toString();
	}

	private static void removeLastSegment(StringBuilder out) {
		int slash = out.lastIndexOf("/");
		out.setLength(Math.max(slash, 0));
	}

	/** RFC 3986 5.2.1 and appendix B, without any check: for a base that is already a URI. */
	private static Parts parse(String uri) {
		Matcher m = REFERENCE.matcher(uri);
		if (!m.matches()) {
			throw new IllegalArgumentException("'" + uri + "' is not a URI reference");
		}
		return new Parts(m.group(2), m.group(4), m.group(5), m.group(7), m.group(9));
	}

	/** Splits the reference, checks scheme and authority, and percent-encodes what the other parts may not hold. */
	private static Parts encode(String reference, String location) {
		for (int i = 0; i < reference.length(); i++) {
			char c = reference.charAt(i);
			if (c < 0x20 || c == 0x7F) {
				throw new IllegalArgumentException("Location '" + location + "' contains a control character (0x"
						+ Integer.toHexString(c) + ") at index " + i);
			}
		}
		Parts raw = parse(reference);
		if (raw.scheme != null && !isScheme(raw.scheme)) {
			throw new IllegalArgumentException("Location '" + location + "' is not a URI reference: '" + raw.scheme
					+ "' is not a scheme, and a relative path may not have a colon in its first segment");
		}
		if (raw.authority != null) {
			for (int i = 0; i < raw.authority.length(); i++) {
				char c = raw.authority.charAt(i);
				if (c != '%' && (c >= 128 || !AUTHORITY[c])) {
					throw new IllegalArgumentException("Location '" + location + "' has '" + c
							+ "' in its authority, which may not hold it");
				}
			}
			checkEscapes(raw.authority, location);
		}
		boolean wide = false;
		for (int i = 0; i < reference.length() && !wide; i++) {
			wide = reference.charAt(i) > 0xFF;
		}
		return new Parts(raw.scheme, raw.authority, encode(raw.path, PATH, wide, location),
				encode(raw.query, QUERY, wide, location), encode(raw.fragment, QUERY, wide, location));
	}

	private static @Nullable String encode(@Nullable String part, boolean[] allowed, boolean wide, String location) {
		if (part == null) {
			return null;
		}
		checkEscapes(part, location);
		int i = 0;
		while (i < part.length() && (part.charAt(i) == '%' || (part.charAt(i) < 128 && allowed[part.charAt(i)]))) {
			i++;
		}
		if (i == part.length()) {
			return part;
		}
		StringBuilder sb = new StringBuilder(part.length() + 16).append(part, 0, i);
		for (; i < part.length(); i++) {
			char c = part.charAt(i);
			if (c == '%' || (c < 128 && allowed[c])) {
				sb.append(c);
			}
			else if (c < 128 || !wide) {
				appendEscaped(sb, c);
			}
			else {
				int end = Character.isHighSurrogate(c) && i + 1 < part.length() ? i + 2 : i + 1;
				for (byte b : part.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
					appendEscaped(sb, b & 0xFF);
				}
				i = end - 1;
			}
		}
		return sb.toString();
	}

	private static void appendEscaped(StringBuilder sb, int octet) {
		sb.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xF]);
	}

	private static void checkEscapes(String part, String location) {
		for (int i = part.indexOf('%'); i >= 0; i = part.indexOf('%', i + 1)) {
			if (i + 2 >= part.length() || !isHex(part.charAt(i + 1)) || !isHex(part.charAt(i + 2))) {
				throw new IllegalArgumentException("Location '" + location
						+ "' has a '%' that is not followed by two hex digits");
			}
		}
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/** RFC 3986 3.1: {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
	private static boolean isScheme(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
			if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
				return false;
			}
		}
		return !s.isEmpty();
	}

	/** The five components of RFC 3986 5.2.1; {@code null} is undefined, which differs from empty. */
	private record Parts(@Nullable String scheme, @Nullable String authority, String path, @Nullable String query,
			@Nullable String fragment) {

		/** RFC 3986 5.3. */
		@Override
		public String toString() {
			StringBuilder sb = new StringBuilder();
			if (this.scheme != null) {
				sb.append(this.scheme).append(':');
			}
			if (this.authority != null) {
				sb.append("//").append(this.authority);
			}
			sb.append(this.path);
			if (this.query != null) {
				sb.append('?').append(this.query);
			}
			if (this.fragment != null) {
				sb.append('#').append(this.fragment);
			}
			return sb.toString();
		}

	}

}
