package dev.eofpool.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

/**
 * {@code Content-Type} values parsed as {@link MediaType}, the last one remembered: an application sends and receives
 * few distinct ones, and Spring asks for the parsed type several times per request (the client, its message
 * converters), each time parsing a new one.
 */
final class MediaTypes {

	/**
	 * The value parsed last, by any thread, and its type. Replaced whole (one immutable pair, so a reader sees a value
	 * with its own type); threads parsing different values may replace each other's, which only costs a parse.
	 */
	private static volatile @Nullable Parsed last;

	private MediaTypes() {
	}

	/**
	 * The media type of a non-empty {@code Content-Type} value, as {@link MediaType#parseMediaType(String)} gives it
	 * (media types are immutable, so one instance serves every caller).
	 * @throws org.springframework.http.InvalidMediaTypeException when the value is not a media type
	 */
	static MediaType parse(String value) {
		Parsed parsed = last;
		if (parsed != null && parsed.value().equals(value)) {
			return parsed.type();
		}
		MediaType type = MediaType.parseMediaType(value);
		last = new Parsed(value, type);
		return type;
	}

	/**
	 * A value and its media type.
	 *
	 * @param value the header value
	 * @param type the media type parsed from it
	 */
	private record Parsed(String value, MediaType type) {
	}

}
