package dev.eofpool.transport;

import java.time.Duration;

/** The range checks of {@link TransportConfig} and {@link HostSettings}, each naming the setting it rejects. */
final class Settings {

	private Settings() {
	}

	static void atLeast(String field, int value, int min) {
		if (value < min) {
			throw new InvalidSettingException(field, value, "must be at least " + min);
		}
	}

	static void atLeast(String field, long value, long min) {
		if (value < min) {
			throw new InvalidSettingException(field, value, "must be at least " + min);
		}
	}

	static void positive(String field, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidSettingException(field, value, "must be a positive duration");
		}
	}

	static void notNegative(String field, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidSettingException(field, value, "must be zero or positive");
		}
	}
}
