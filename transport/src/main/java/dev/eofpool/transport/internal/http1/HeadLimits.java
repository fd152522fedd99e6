package dev.eofpool.transport.internal.http1;

import dev.eofpool.transport.TransportConfig;

/**
 * Size limits of a response head, so that a hostile or broken server costs bounded memory.
 *
 * @param maxStatusLineLength longest status line
 * @param maxHeaderLineLength longest header (or trailer) line
 * @param maxHeaderBlockSize most bytes of a whole head, line ends included
 * @param maxHeaderCount most header (or trailer) fields
 */
public record HeadLimits(int maxStatusLineLength, int maxHeaderLineLength, int maxHeaderBlockSize, int maxHeaderCount) {

	/** The limits a configuration sets (they also bound a proxy's answer to {@code CONNECT}). */
	public static HeadLimits of(TransportConfig config) {
		return new HeadLimits(config.maxStatusLineLength(), config.maxHeaderLineLength(), config.maxHeaderBlockSize(),
				config.maxHeaderCount());
	}
}
