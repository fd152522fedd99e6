package dev.eofpool.transport.internal.http1;

import dev.eofpool.transport.SettingNames;
import dev.eofpool.transport.TransportConfig;

/**
 * Size limits of a response head, so that a hostile or broken server costs bounded memory.
 *
 * @param maxStatusLineLength longest status line
 * @param maxHeaderLineLength longest header (or trailer) line
 * @param maxHeaderBlockSize most bytes of a whole head, line ends included
 * @param maxHeaderCount most header (or trailer) fields
 * @param names how the configuration names these limits, for the message of a response over one
 */
public record HeadLimits(int maxStatusLineLength, int maxHeaderLineLength, int maxHeaderBlockSize, int maxHeaderCount,
		SettingNames names) {

	/** The limits a configuration sets (they also bound a proxy's answer to {@code CONNECT}). */
	public static HeadLimits of(TransportConfig config) {
		return new HeadLimits(config.maxStatusLineLength(), config.maxHeaderLineLength(), config.maxHeaderBlockSize(),
				config.maxHeaderCount(), config.settingNames());
	}

	/** The end of the message of a response over a limit: the setting to raise, as the configuration names it. */
	String toAccept(String setting) {
		return "; to accept such responses raise " + this.names.transportWide(setting);
	}
}
