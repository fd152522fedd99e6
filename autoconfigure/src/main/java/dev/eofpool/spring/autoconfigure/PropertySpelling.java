package dev.eofpool.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * The property names a properties class binds, derived from the class as Boot's binder sees it (its bean properties in
 * Boot's dashed form), and the nearest of them to a misspelt name. A map of nested objects, such as
 * {@link EofPoolProperties#getHosts()}, gives {@code hosts.[*].<setting>}.
 */
final class PropertySpelling {

	/** The stand-in for a map key in {@link #names(Class)}. */
	static final String ANY_KEY = "[*]";

	private PropertySpelling() {
	}

	/** The names {@code type} binds, relative to its prefix, such as {@code max-idle-per-host} or {@code drain.timeout}. */
	static List<String> names(Class<?> type) {
		List<String> names = new ArrayList<>();
		collect("", type, names);
		return names;
	}

	private static void collect(String prefix, Class<?> type, List<String> names) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String name = prefix + DataObjectPropertyName.toDashedForm(property.getName());
			Class<?> valueType = property.getPropertyType();
			Class<?> mapValue = Map.class.isAssignableFrom(valueType)
					? typeArgument(property.getReadMethod().getGenericReturnType(), 1) : null;
			if (mapValue != null && isNested(mapValue)) {
				collect(name + "." + ANY_KEY + ".", mapValue, names);
			}
			else if (isNested(valueType)) {
				collect(name + ".", valueType, names);
			}
			else if (property.getWriteMethod() != null || Collection.class.isAssignableFrom(valueType)
					|| Map.class.isAssignableFrom(valueType)) {
				names.add(name);
			}
		}
	}

	/** A class of ours with properties of its own (not an enum, not a JDK or Spring value type). */
	private static boolean isNested(Class<?> type) {
		return type.getName().startsWith("dev.eofpool.") && !type.isEnum() && !type.isInterface();
	}

	private static @Nullable Class<?> typeArgument(Type type, int index) {
		if (type instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
			return argument;
		}
		return null;
	}

	/**
	 * The candidate nearest to {@code written}, compared in Boot's uniform form (lower case, no dashes), or
	 * {@code null} when none is near enough to be what was meant.
	 */
	static @Nullable String nearest(String written, Collection<String> candidates) {
		String target = uniform(written);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(target, uniform(candidate));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return (bestDistance <= Math.max(2, target.length() / 4)) ? best : null;
	}

	/** Boot's uniform form of a name: lower case, without dashes or underscores. */
	static String uniform(String name) {
		return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	/** Levenshtein distance: insertions, deletions and substitutions. */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
