package dev.eofpool.spring.autoconfigure;

import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Rejects {@code eofpool.hosts.*} properties that would bind to nothing. A host key with dots written without brackets
 * ({@code eofpool.hosts.api.example.com.max-connections}) is split at its dots by the binder and silently ignored, as
 * is a misspelt setting; either leaves a limit the user believes is in force unapplied, so start-up fails instead.
 */
final class HostPropertyNames {

	private static final ConfigurationPropertyName HOSTS = ConfigurationPropertyName.of("eofpool.hosts");

	/** The settings of {@link EofPoolProperties.Host}, in uniform form (lower case, no dashes). */
	private static final Set<String> SETTINGS = Set.of("maxconnections", "maxidle", "acquiretimeout", "idletimeout",
			"maxlifetime", "connecttimeout", "readtimeout", "exhaustionpolicy");

	private HostPropertyNames() {
	}

	/**
	 * Checks every {@code eofpool.hosts.*} name in the environment.
	 * @throws InvalidConfigurationPropertyValueException naming the first property that binds to nothing
	 */
	static void check(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream().filter(HOSTS::isAncestorOf).forEach((name) -> check(source, name));
			}
		}
	}

	private static void check(ConfigurationPropertySource source, ConfigurationPropertyName name) {
		if (name.getNumberOfElements() == 4 && SETTINGS.contains(name.getLastElement(Form.UNIFORM))) {
			return;
		}
		ConfigurationProperty property = source.getConfigurationProperty(name);
		throw new InvalidConfigurationPropertyValueException(name.toString(),
				(property != null) ? property.getValue() : null,
				"Not a per-host setting. Write the host key in brackets when it holds dots, colons or asterisks "
						+ "(eofpool.hosts.[api.example.com:8443].max-connections), followed by one of max-connections, "
						+ "max-idle, acquire-timeout, idle-timeout, max-lifetime, connect-timeout, read-timeout or "
						+ "exhaustion-policy");
	}

}
