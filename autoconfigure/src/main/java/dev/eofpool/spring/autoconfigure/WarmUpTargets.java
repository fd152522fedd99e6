package dev.eofpool.spring.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.eofpool.spring.EofPoolWarmUp;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The origins to warm: each {@code eofpool.hosts.[host:port]} with a {@code min-idle}, its scheme from
 * {@code warm-up-scheme}, else {@code https} on ports 443 and 8443 and {@code http} on the others (a host key carries
 * no scheme, and the host-key check keeps it that way).
 */
final class WarmUpTargets {

	private WarmUpTargets() {
	}

	static List<EofPoolWarmUp.Target> of(EofPoolProperties properties) {
		List<EofPoolWarmUp.Target> targets = new ArrayList<>();
		for (Map.Entry<String, EofPoolProperties.Host> entry : properties.getHosts().entrySet()) {
			String key = entry.getKey();
			EofPoolProperties.Host host = entry.getValue();
			Integer minIdle = host.getMinIdle();
			String scheme = host.getWarmUpScheme();
			if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
				throw new InvalidConfigurationPropertyValueException("eofpool.hosts.[" + key + "].warm-up-scheme",
						scheme, "Must be http or https");
			}
			if (minIdle == null || minIdle <= 0) {
				continue;
			}
			int colon = key.lastIndexOf(':');
			int port = (colon > key.lastIndexOf(']') && colon < key.length() - 1) ? port(key.substring(colon + 1)) : -1;
			if (port < 0 || key.startsWith("*")) {
				throw new InvalidConfigurationPropertyValueException("eofpool.hosts.[" + key + "].min-idle", minIdle,
						"Warm-up needs one host and port: write the key as host:port, such as [" + key
								+ ((colon < 0) ? ":443" : "") + "]");
			}
			String hostName = key.substring(0, colon);
			String resolved = (scheme != null) ? scheme.toLowerCase(Locale.ROOT)
					: (port == 443 || port == 8443) ? "https" : "http";
			targets.add(new EofPoolWarmUp.Target(URI.create(resolved + "://" + hostName + ":" + port), minIdle));
		}
		return targets;
	}

	private static int port(String text) {
		try {
			int port = Integer.parseInt(text);
			return (port > 0 && port <= 65535) ? port : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
