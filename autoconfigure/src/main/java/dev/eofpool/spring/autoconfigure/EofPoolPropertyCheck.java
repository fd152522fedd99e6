package dev.eofpool.spring.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
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
import org.springframework.util.ClassUtils;

import dev.eofpool.spring.autoconfigure.health.EofPoolHealthProperties;
import dev.eofpool.spring.autoconfigure.metrics.EofPoolMetricsProperties;

/**
 * Fails start-up on every {@code eofpool.*} property that binds to nothing, since its value would be silently
 * ignored. Boot's binder finds them: {@link EofPoolProperties} is bound once more with a
 * {@link NoUnboundElementsBindHandler} over every property source (environment variables and system properties
 * included, which {@code ignoreUnknownFields = false} would skip), and so are the subtrees that the optional modules'
 * properties classes bind, {@code eofpool.metrics} ({@link EofPoolMetricsProperties}) and {@code eofpool.health}
 * ({@link EofPoolHealthProperties}, when Boot's health module is present: without it nothing reads them), whether or
 * not their auto-configuration applies. One case the binder cannot see is checked on the raw names: a host key with a
 * colon and no brackets ({@code eofpool.hosts.localhost:8080.max-connections}) is bound, as host
 * {@code localhost8080}, because the binder drops characters a name element cannot hold.
 */
final class EofPoolPropertyCheck {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("eofpool");

	private static final ConfigurationPropertyName HOSTS = ConfigurationPropertyName.of("eofpool.hosts");

	private static final ConfigurationPropertyName METRICS = ConfigurationPropertyName.of("eofpool.metrics");

	private static final ConfigurationPropertyName HEALTH = ConfigurationPropertyName.of("eofpool.health");

	/** Subtrees under {@code eofpool} that other properties classes bind, each checked by a binding of its own. */
	private static final List<ConfigurationPropertyName> OTHERS = List.of(HEALTH, METRICS);

	/** A class of Boot's health module, which {@link EofPoolHealthProperties} needs to bind. */
	private static final String HEALTH_CLASS = "org.springframework.boot.health.contributor.Status";

	/** The names {@link EofPoolProperties} binds, such as {@code drain.timeout} and {@code hosts.[*].max-idle}. */
	private static final List<String> NAMES = PropertySpelling.names(EofPoolProperties.class);

	/** The names of {@link #NAMES} outside {@code hosts}, the ones a misspelt name there may have meant. */
	private static final List<String> TOP_LEVEL = NAMES.stream()
		.filter((candidate) -> !candidate.startsWith("hosts."))
		.collect(Collectors.toList());

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
		Binder root = binder(environment, (name) -> OTHERS.stream().noneMatch((other) -> other.isAncestorOf(name)));
		Set<ConfigurationPropertyName> bound = bindStrictly(root, ROOT, new EofPoolProperties(), TOP_LEVEL);
		// the subtrees, over every source too: Boot's own binding of these classes skips variables and system
		// properties, and does not happen at all when their auto-configuration does not apply
		Binder all = binder(environment, (name) -> true);
		bindStrictly(all, METRICS, new EofPoolMetricsProperties(), names("metrics", EofPoolMetricsProperties.class));
		if (ClassUtils.isPresent(HEALTH_CLASS, EofPoolPropertyCheck.class.getClassLoader())) {
			bindStrictly(all, HEALTH, new EofPoolHealthProperties(), names("health", EofPoolHealthProperties.class));
		}
		return bound;
	}

	/** The names {@code type} binds, relative to {@code eofpool}: under {@code prefix}. */
	private static List<String> names(String prefix, Class<?> type) {
		return PropertySpelling.names(type).stream().map((name) -> prefix + "." + name).toList();
	}

	/** A binder over every property source, seeing the names {@code include} accepts (and no Kubernetes links). */
	private static Binder binder(ConfigurableEnvironment environment, Predicate<ConfigurationPropertyName> include) {
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			boolean variables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
			sources.add(source.filter((name) -> include.test(name) && !(variables && isServiceLink(name))));
		}
		return new Binder(sources, new PropertySourcesPlaceholdersResolver(environment));
	}

	/**
	 * Binds {@code properties} at {@code prefix} once more, failing on the first name under it that binds to nothing.
	 * @param names the names (relative to {@code eofpool}) a misspelt one may have meant
	 * @return the names bound, as written
	 * @throws UnboundEofPoolPropertyException naming that property, and the spelling to write when one is near
	 */
	private static Set<ConfigurationPropertyName> bindStrictly(Binder binder, ConfigurationPropertyName prefix,
			Object properties, List<String> names) {
		Set<ConfigurationPropertyName> bound = new HashSet<>();
		AbstractBindHandler recording = new AbstractBindHandler() {

			@Override
			public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					@Nullable Object result) {
				bound.add(name);
				return super.onSuccess(name, target, context, result);
			}

		};
		try {
			binder.bind(prefix, Bindable.ofInstance(properties),
					new NoUnboundElementsBindHandler(recording, (source) -> true));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				// reported once the whole binding is done, so every name that bound has been recorded by now
				for (ConfigurationProperty property : unbound.getUnboundProperties()) {
					if (!isLegacyName(property, bound, names)) {
						throw unbound(property, names);
					}
				}
			}
			// a value that does not convert: the binding of the properties bean itself reports it, naming the property
		}
		return bound;
	}

	/**
	 * Whether an environment variable is the legacy spelling of a name Boot binds: {@code EOFPOOL_MAX_IDLE_PER_HOST}
	 * (underscores for the dashes too) reads as {@code eofpool.max.idle.per.host}, but Boot binds it to
	 * {@code eofpool.max-idle-per-host} all the same. Checked against the names that bound and against the names the
	 * class binds: a binding over filtered sources, as here, misses the legacy spelling inside a dashed nested name
	 * ({@code EOFPOOL_HEALTH_CONNECT_FAILURES_THRESHOLD}), which Boot's own binding of the class does bind.
	 */
	private static boolean isLegacyName(ConfigurationProperty property, Set<ConfigurationPropertyName> bound,
			List<String> names) {
		if (!(property.getSource().getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
			return false;
		}
		String name = property.getName().toString();
		return bound.stream().anyMatch((candidate) -> candidate.toString().replace('-', '.').equals(name))
				|| names.stream().anyMatch((candidate) -> ("eofpool." + candidate).replace('-', '.').equals(name));
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

	/**
	 * The failure for a property that binds to nothing.
	 * @param names the names it may have meant (relative to {@code eofpool}), unless it is under {@code eofpool.hosts}
	 */
	private static UnboundEofPoolPropertyException unbound(ConfigurationProperty property, List<String> names) {
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
			String relative = name.toString().substring(ROOT.toString().length() + 1);
			String nearest = PropertySpelling.nearest(relative, names);
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
