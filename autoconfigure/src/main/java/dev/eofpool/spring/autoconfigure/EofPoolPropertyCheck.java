package dev.eofpool.spring.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fails start-up on every {@code eofpool.*} property that binds to nothing, since its value would be silently
 * ignored. Boot's binder finds them: {@link EofPoolProperties} is bound once more with a
 * {@link NoUnboundElementsBindHandler} over every property source (environment variables and system properties
 * included, which {@code ignoreUnknownFields = false} would skip). One case the binder cannot see is checked on the
 * raw names: a host key with a colon and no brackets ({@code eofpool.hosts.localhost:8080.max-connections}) is bound,
 * as host {@code localhost8080}, because the binder drops characters a name element cannot hold.
 */
final class EofPoolPropertyCheck {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("eofpool");

	private static final ConfigurationPropertyName HOSTS = ConfigurationPropertyName.of("eofpool.hosts");

	/** Subtrees under {@code eofpool} that other properties classes bind, each checked by its own binding. */
	private static final List<ConfigurationPropertyName> OTHERS = List.of(
			ConfigurationPropertyName.of("eofpool.health"), ConfigurationPropertyName.of("eofpool.metrics"));

	/** The names {@link EofPoolProperties} binds, such as {@code drain.timeout} and {@code hosts.[*].max-idle}. */
	private static final List<String> NAMES = PropertySpelling.names(EofPoolProperties.class);

	/** The value a {@code .properties} file leaves after a colon in a host key: {@code 8080].max-idle=4}. */
	private static final Pattern SPLIT_VALUE = Pattern.compile("(\\d+)\\]?\\.([A-Za-z-]+)[=:](.*)");

	/** The settings of one host, such as {@code max-connections}. */
	static final List<String> HOST_SETTINGS = PropertySpelling.names(EofPoolProperties.Host.class);

	private EofPoolPropertyCheck() {
	}

	/**
	 * Checks every {@code eofpool.*} property of the environment.
	 * @return the names of the properties that {@link EofPoolProperties} binds, as written
	 * @throws UnboundEofPoolPropertyException naming the first property that binds to nothing
	 */
	static Set<ConfigurationPropertyName> check(ConfigurableEnvironment environment) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable
					&& !ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				for (String name : enumerable.getPropertyNames()) {
					checkHostKey(enumerable, name);
				}
			}
		}
		return checkUnbound(environment);
	}

	/**
	 * Rejects {@code eofpool.hosts.<key>.<setting>} (or {@code EOFPOOL_HOSTS_<KEY>_<SETTING>}) whose key, not in
	 * brackets, holds a character the binder would drop or split at (dots, colons, asterisks), and the two shapes a
	 * {@code .properties} file makes of a key with an unescaped colon, which ends the key there:
	 * {@code eofpool.hosts.[localhost} and {@code eofpool.hosts.localhost}, each with the rest in its value.
	 */
	private static void checkHostKey(EnumerablePropertySource<?> source, String name) {
		if (name.length() < 15 || !name.regionMatches(true, 0, "eofpool", 0, 7)
				|| !name.regionMatches(true, 8, "hosts", 0, 5)) {
			return;
		}
		char separator = name.charAt(7);
		if ((separator != '.' && separator != '_') || name.charAt(13) != separator) {
			return;
		}
		String rest = name.substring(14);
		Object value = source.getProperty(name);
		if (rest.startsWith("[") && rest.indexOf(']') < 0) {
			throw colonEndedTheKey(source, name, value, rest.substring(1), true);
		}
		boolean environment = separator == '_';
		if (rest.startsWith("[") && !environment) {
			return;
		}
		// dotted names end in the setting; an environment variable's key ends at the first _ (or its closing bracket)
		int end = rest.startsWith("[") ? rest.indexOf(']') + 1
				: (environment ? rest.indexOf('_') : rest.lastIndexOf('.'));
		if (end <= 0 || end >= rest.length()) {
			throw colonEndedTheKey(source, name, value, rest, false);
		}
		String key = rest.startsWith("[") ? rest.substring(1, end - 1) : rest.substring(0, end);
		if (key.chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '-')) {
			return;
		}
		String setting = hostSetting(rest.substring(end + 1));
		if (environment) {
			key = key.toLowerCase(Locale.ROOT);
		}
		String correction = "eofpool.hosts.[" + key + "]." + ((setting != null) ? setting : "<setting>");
		// the binder drops what a name element cannot hold; a dotted key is split at its dots instead
		String boundAs = (environment || key.indexOf('.') < 0)
				? "as host '" + key.replaceAll("[^A-Za-z0-9-]", "") + "', which no request matches" : "to nothing";
		String explanation = environment
				? "An environment variable cannot hold a host key with dots, colons or asterisks, brackets or not: "
						+ "Boot drops those characters and this binds " + boundAs + ". Write the property in a "
						+ "configuration file, or in SPRING_APPLICATION_JSON ({\"eofpool\":{\"hosts\":{\"[" + key
						+ "]\":{...}}}})."
				: "A host key with dots, colons or asterisks must be written in brackets; without them the binder drops "
						+ "or splits at those characters and this binds " + boundAs + ".";
		throw new UnboundEofPoolPropertyException(name, value, OriginLookup.getOrigin(source, name), explanation,
				correction);
	}

	/**
	 * A host key with no setting after it: what a {@code .properties} line {@code eofpool.hosts.[localhost:8080].x=4}
	 * or {@code eofpool.hosts.localhost:8080.x=4} becomes, since an unescaped colon ends the key there.
	 */
	private static UnboundEofPoolPropertyException colonEndedTheKey(EnumerablePropertySource<?> source, String name,
			@Nullable Object value, String key, boolean bracketed) {
		Matcher split = SPLIT_VALUE.matcher(String.valueOf(value));
		String correction = null;
		if (split.matches()) {
			String setting = hostSetting(split.group(2));
			correction = "eofpool.hosts.[" + key + "\\:" + split.group(1) + "]."
					+ ((setting != null) ? setting : split.group(2)) + "=" + split.group(3);
		}
		else if (!bracketed) {
			correction = "eofpool.hosts.[" + key + "]." + "<setting>";
		}
		return new UnboundEofPoolPropertyException(name, value, OriginLookup.getOrigin(source, name),
				"A host key must be followed by one of " + String.join(", ", HOST_SETTINGS) + ". In a .properties "
						+ "file an unescaped ':' ends the key, so a host:port key must be written with '\\:'.",
				correction);
	}

	private static Set<ConfigurationPropertyName> checkUnbound(ConfigurableEnvironment environment) {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			boolean variables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
			sources.add(source.filter((name) -> OTHERS.stream().noneMatch((other) -> other.isAncestorOf(name))
					&& !(variables && isServiceLink(name))));
		}
		Set<ConfigurationPropertyName> bound = new HashSet<>();
		AbstractBindHandler recording = new AbstractBindHandler() {

			@Override
			public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					@Nullable Object result) {
				bound.add(name);
				return super.onSuccess(name, target, context, result);
			}

		};
		Binder binder = new Binder(sources, new PropertySourcesPlaceholdersResolver(environment));
		try {
			binder.bind(ROOT, Bindable.ofInstance(new EofPoolProperties()),
					new NoUnboundElementsBindHandler(recording, (source) -> true));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				throw unbound(unbound.getUnboundProperties().iterator().next());
			}
			// a value that does not convert: the binding of the properties bean itself reports it, naming the property
		}
		return bound;
	}

	/**
	 * Whether an environment variable has the shape of the ones Kubernetes sets for every service of a namespace
	 * ({@code <NAME>_SERVICE_HOST}, {@code <NAME>_SERVICE_PORT[_<PORT NAME>]}, {@code <NAME>_PORT},
	 * {@code <NAME>_PORT_<N>_<PROTOCOL>[_PROTO|_PORT|_ADDR]}): a service whose name starts with "eofpool" sets
	 * {@code EOFPOOL_...} variables that are not eofpool's, and must not fail start-up. No eofpool property has such a
	 * name.
	 */
	static boolean isServiceLink(ConfigurationPropertyName name) {
		int n = name.getNumberOfElements();
		for (int i = 1; i < n; i++) {
			String element = name.getElement(i, Form.UNIFORM);
			int left = n - i - 1;
			if (element.equals("service") && left >= 1 && left <= 2) {
				String next = name.getElement(i + 1, Form.UNIFORM);
				if (next.equals("host") && left == 1 || next.equals("port")) {
					return true;
				}
			}
			if (element.equals("port") && (left == 0 || (left == 2 || left == 3) && isPortNumber(name, i + 1)
					&& isProtocol(name.getElement(i + 2, Form.UNIFORM))
					&& (left == 2 || List.of("proto", "port", "addr").contains(name.getElement(i + 3, Form.UNIFORM))))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isPortNumber(ConfigurationPropertyName name, int index) {
		return name.getElement(index, Form.UNIFORM).chars().allMatch(Character::isDigit);
	}

	private static boolean isProtocol(String element) {
		return element.equals("tcp") || element.equals("udp") || element.equals("sctp");
	}

	private static UnboundEofPoolPropertyException unbound(ConfigurationProperty property) {
		ConfigurationPropertyName name = property.getName();
		int elements = name.getNumberOfElements();
		String explanation;
		String correction = null;
		if (HOSTS.isAncestorOf(name)) {
			// a key without brackets was split at its dots: every element between hosts and the setting is the key
			StringBuilder key = new StringBuilder();
			for (int i = 2; i < Math.max(3, elements - 1); i++) {
				key.append((i > 2) ? "." : "").append(name.getElement(i, Form.ORIGINAL));
			}
			String setting = (elements > 3) ? hostSetting(name.getElement(elements - 1, Form.ORIGINAL)) : null;
			explanation = "Each host key, in brackets when it holds dots, colons or asterisks, is followed by one of "
					+ String.join(", ", HOST_SETTINGS) + ".";
			if (setting != null) {
				correction = "eofpool.hosts.[" + key + "]." + setting;
			}
		}
		else {
			List<String> topLevel = NAMES.stream()
				.filter((candidate) -> !candidate.startsWith("hosts."))
				.collect(Collectors.toList());
			String relative = name.toString().substring(ROOT.toString().length() + 1);
			String nearest = PropertySpelling.nearest(relative, topLevel);
			explanation = "No eofpool property has this name.";
			if (nearest != null) {
				correction = "eofpool." + nearest;
				if (property.getSource().getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
					explanation += " As an environment variable it is "
							+ correction.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "") + ".";
				}
			}
		}
		return new UnboundEofPoolPropertyException(name.toString(), property.getValue(), property.getOrigin(),
				explanation, correction);
	}

	/** The host setting a written sub-key means (exactly, in any relaxed form, or the nearest), or {@code null}. */
	private static @Nullable String hostSetting(String written) {
		return PropertySpelling.nearest(written, HOST_SETTINGS);
	}

}
