package dev.eofpool.transport.internal.connection;

import java.util.concurrent.TimeUnit;

import dev.eofpool.transport.internal.http1.KeepAliveRules;
import dev.eofpool.transport.internal.pool.KeepAliveHint;

/**
 * Reads {@code Keep-Alive: timeout=N, max=M} (RFC 2068 19.7.1.1; still sent by Apache httpd, Node.js and others) into
 * the hint the exchange hands to the pool with its connection.
 */
final class KeepAliveHeader {

	private KeepAliveHeader() {
	}

	/** The hint in a {@code Keep-Alive} header's value; parameters that are missing or not plain numbers read as -1. */
	static KeepAliveHint parse(String value) {
		long timeoutNanos = -1;
		int max = -1;
		for (String part : value.split(",")) {
			int eq = part.indexOf('=');
			if (eq < 0) {
				continue;
			}
			String name = part.substring(0, eq).trim();
			String v = part.substring(eq + 1).trim();
			if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
				v = v.substring(1, v.length() - 1);
			}
			long n = number(v);
			if (n < 0) {
				continue;
			}
			if (name.equalsIgnoreCase("timeout")) {
				timeoutNanos = TimeUnit.SECONDS.toNanos(Math.min(n, TimeUnit.DAYS.toSeconds(1)));
			}
			else if (name.equalsIgnoreCase("max")) {
				max = (int) Math.min(n, Integer.MAX_VALUE);
			}
		}
		return (timeoutNanos < 0 && max < 0) ? KeepAliveHint.NONE : new KeepAliveHint(timeoutNanos, max);
	}

	/** 1 to 9 decimal digits, else -1 (the shared http1 digit parser). */
	private static long number(String v) {
		return KeepAliveRules.hintValue(v);
	}
}
