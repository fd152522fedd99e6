package dev.eofpool.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.origin.Origin;

/**
 * An {@code eofpool.*} property binds to nothing (a misspelt name, or a host key without brackets), so its value
 * would be silently ignored. Carries where the property was written and, when one is near, the corrected spelling.
 */
public class UnboundEofPoolPropertyException extends InvalidConfigurationPropertyValueException {

	private static final long serialVersionUID = 1L;

	/** Where the property was written; transient as not every origin is serializable. */
	private final transient @Nullable Origin origin;

	private final @Nullable String correction;

	private final String explanation;

	/**
	 * Creates an exception for one property.
	 * @param name the property as it was written
	 * @param value its value
	 * @param origin where it was written, if known
	 * @param explanation why it binds to nothing, and what is allowed there
	 * @param correction the corrected spelling, or {@code null} when no property is near
	 */
	public UnboundEofPoolPropertyException(String name, @Nullable Object value, @Nullable Origin origin,
			String explanation, @Nullable String correction) {
		super(name, value, explanation + ((correction != null) ? " Write " + correction + " instead." : ""));
		this.origin = origin;
		this.correction = correction;
		this.explanation = explanation;
	}

	/** Where the property was written, or {@code null} when unknown. */
	public @Nullable Origin getOrigin() {
		return this.origin;
	}

	/** The corrected spelling, or {@code null} when no property is near. */
	public @Nullable String getCorrection() {
		return this.correction;
	}

	/** Why the property binds to nothing, and what is allowed there. */
	public String getExplanation() {
		return this.explanation;
	}

}
