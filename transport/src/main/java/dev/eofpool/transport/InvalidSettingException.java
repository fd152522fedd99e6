package dev.eofpool.transport;

/**
 * A setting of a {@link TransportConfig} has a value that is not allowed. {@link #field()} names the setting as the
 * builder spells it ({@code maxIdlePerHost}, or {@code hosts[api:80].maxIdle} for a per-host one), {@link #value()} is
 * the rejected value and {@link #reason()} says what is allowed, so a caller can report the setting in its own terms.
 */
public final class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String field;

	/** The rejected value; transient because a setting's value need not be serializable. */
	private final transient Object value;

	private final String reason;

	/**
	 * Creates an exception for one setting.
	 * @param field the setting's name as the builder spells it
	 * @param value the rejected value (may be {@code null})
	 * @param reason what is allowed, starting in lower case ({@code must be at least 1})
	 */
	public InvalidSettingException(String field, Object value, String reason) {
		super(field + " " + reason + " but was " + value);
		this.field = field;
		this.value = value;
		this.reason = reason;
	}

	/** The setting's name as the builder spells it, such as {@code maxIdlePerHost} or {@code hosts[api:80].maxIdle}. */
	public String field() {
		return this.field;
	}

	/** The rejected value, or {@code null} when none was given. */
	public Object value() {
		return this.value;
	}

	/** What is allowed, in lower case, such as {@code must be at least 1}. */
	public String reason() {
		return this.reason;
	}
}
