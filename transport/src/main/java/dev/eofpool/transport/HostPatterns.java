package dev.eofpool.transport;

import java.util.Locale;
import java.util.Map;

/**
 * Per-host patterns: {@code host:port}, {@code host} (any port) or {@code *.suffix} (any host ending in
 * {@code .suffix}, any port), compared in lower case.
 */
final class HostPatterns {

	private HostPatterns() {
	}

	/**
	 * The pattern in lower case.
	 * @throws InvalidSettingException naming {@code hosts[pattern]} when the pattern is none of the three forms: a
	 * scheme or path, a port outside 1-65535, or an asterisk anywhere but a leading {@code *.}
	 */
	static String check(String pattern) {
		String field = "hosts[" + pattern + "]";
		if (pattern == null || pattern.isBlank()) {
			throw new InvalidSettingException(field, pattern, "must be a host pattern (host:port, host or *.suffix)");
		}
		if (pattern.contains("/")) {
			throw new InvalidSettingException(field, pattern,
					"must be a host pattern without scheme or path (host:port, host or *.suffix, such as api:80)");
		}
		String host = pattern;
		int colon = pattern.lastIndexOf(':');
		if (colon >= 0 && pattern.indexOf(':') == colon) {
			host = pattern.substring(0, colon);
			String port = pattern.substring(colon + 1);
			if (!validPort(port)) {
				throw new InvalidSettingException(field, pattern, "must end in a port from 1 to 65535 after its colon");
			}
		}
		String name = host.startsWith("*.") ? host.substring(2) : host;
		if (name.isEmpty() || name.indexOf('*') >= 0 || !name.chars().allMatch(HostPatterns::hostChar)) {
			throw new InvalidSettingException(field, pattern, "must be a host pattern (host:port, host or *.suffix, "
					+ "a host of letters, digits, dots and dashes, and '*' only as a leading '*.')");
		}
		return pattern.toLowerCase(Locale.ROOT);
	}

	private static boolean validPort(String port) {
		if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return false;
		}
		int value = Integer.parseInt(port);
		return value >= 1 && value <= 65535;
	}

	private static boolean hostChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
				|| c == '_' || c == ':';
	}

	/** The overlay of the most specific pattern matching a lower-case host: exact, any port, longest suffix. */
	static HostSettings match(Map<String, HostSettings> hosts, String host, int port) {
		String pattern = matchingPattern(hosts, host, port);
		return (pattern != null) ? hosts.get(pattern) : null;
	}

	/** The most specific pattern matching a lower-case host (exact, any port, longest suffix), or {@code null}. */
	static String matchingPattern(Map<String, HostSettings> hosts, String host, int port) {
		if (hosts.isEmpty()) {
			return null;
		}
		String exact = host + ":" + port;
		if (hosts.containsKey(exact)) {
			return exact;
		}
		if (hosts.containsKey(host)) {
			return host;
		}
		String best = null;
		for (String pattern : hosts.keySet()) {
			if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1))
					&& (best == null || pattern.length() > best.length())) {
				best = pattern;
			}
		}
		return best;
	}

}
