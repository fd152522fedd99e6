package dev.eofpool.transport;

import java.io.IOException;

/**
 * The failure a {@link CallListener} is given for a connect attempt that was closed unfinished because another
 * address connected first or the dial ended; never thrown to callers.
 */
public final class ConnectAbandonedException extends IOException {

	private static final long serialVersionUID = 1L;

	/** An abandoned attempt, {@code message} saying why. */
	public ConnectAbandonedException(String message) {
		super(message);
	}
}
