package dev.eofpool.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.eofpool.spring.autoconfigure.EofPoolProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps the README's configuration reference and the sample's {@code application.yml} in step with the configuration
 * metadata that {@code eofpool-spring-boot} ships (generated from the properties' Javadoc). When the README's table is
 * out of date, the corrected README is written to {@code sample-app/target/README.md}: review it and copy it over.
 */
@Timeout(30)
class ConfigurationReferenceTests {

	private static final Path README = Path.of("../README.md");

	private static final Path GENERATED_README = Path.of("target/README.md");

	private static final String TABLE_START = "<!-- configuration-table:start";

	private static final String TABLE_END = "<!-- configuration-table:end -->";

	@Test
	void readmeConfigurationTableIsGeneratedFromTheMetadata() throws IOException {
		String readme = Files.readString(README);
		int start = readme.indexOf(TABLE_START);
		int end = readme.indexOf(TABLE_END);
		assertThat(start).as("README marker %s", TABLE_START).isNotNegative();
		assertThat(end).as("README marker %s", TABLE_END).isGreaterThan(start);
		int body = readme.indexOf('\n', start) + 1;
		String expected = table(eofpoolProperties());
		if (!readme.substring(body, end).equals(expected)) {
			Files.writeString(GENERATED_README, readme.substring(0, body) + expected + readme.substring(end));
			fail("README.md's configuration table is out of step with spring-configuration-metadata.json. The "
					+ "corrected README is in sample-app/" + GENERATED_README + ": review it and copy it over README.md.");
		}
	}

	@Test
	void readmePerHostTableListsExactlyTheHostSettings() throws IOException {
		String readme = Files.readString(README);
		Set<String> documented = new TreeSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `eofpool\\.hosts\\.<pattern>\\.([a-z-]+)` \\|").matcher(readme);
		while (row.find()) {
			documented.add(row.group(1));
		}
		assertThat(documented).isEqualTo(hostSettings());
	}

	@Test
	void applicationYamlShowsEveryEofpoolProperty() throws IOException {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		Properties properties = yaml.getObject();
		// keySet, not stringPropertyNames: YAML numbers and booleans are stored as non-String values
		Set<String> shown = properties.keySet()
			.stream()
			.map(String::valueOf)
			.filter((name) -> name.startsWith("eofpool."))
			.collect(Collectors.toCollection(TreeSet::new));

		Set<String> documented = new TreeSet<>(eofpoolProperties().keySet());
		documented.removeIf((name) -> !name.startsWith("eofpool.") || name.equals("eofpool.hosts"));
		// settings without a default (the proxy's host, port, credentials) are shown commented out, under their parent
		String text = new String(new ClassPathResource("application.yml").getContentAsByteArray(), StandardCharsets.UTF_8);
		Set<String> missing = new TreeSet<>();
		for (String name : documented) {
			String parent = name.substring(0, name.lastIndexOf('.'));
			String leaf = name.substring(name.lastIndexOf('.') + 1);
			boolean commented = text.matches("(?s).*\\n\\s*#\\s*" + Pattern.quote(leaf) + ":.*")
					&& shown.stream().anyMatch((key) -> key.startsWith(parent + "."));
			if (!shown.contains(name) && !commented) {
				missing.add(name);
			}
		}
		assertThat(missing).as("eofpool.* properties application.yml does not show").isEmpty();

		Set<String> hostKeys = shown.stream()
			.filter((name) -> name.startsWith("eofpool.hosts["))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(hostKeys).as("a per-host override").isNotEmpty();
		Set<String> unknown = new TreeSet<>(shown);
		unknown.removeAll(documented);
		unknown.removeAll(hostKeys);
		assertThat(unknown).as("application.yml keys that are not eofpool properties").isEmpty();
		for (String hostKey : hostKeys) {
			assertThat(hostSettings()).contains(hostKey.substring(hostKey.lastIndexOf('.') + 1));
		}
	}

	/** Every {@code eofpool} property of every metadata file on the class path, by name. */
	private static Map<String, JsonNode> eofpoolProperties() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		for (URL url : Collections.list(ConfigurationReferenceTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
					String name = property.path("name").asString();
					if (name.startsWith("eofpool.") || name.startsWith("management.endpoint.eofpool.")) {
						properties.put(name, property);
					}
				}
			}
		}
		assertThat(properties).as("eofpool-spring-boot's configuration metadata").containsKey("eofpool.enabled");
		return properties;
	}

	/** The README table: one row per property, sorted by name. */
	private static String table(Map<String, JsonNode> properties) {
		StringBuilder table = new StringBuilder("| Property | Default | Meaning |\n| --- | --- | --- |\n");
		properties.forEach((name, property) -> {
			JsonNode defaultValue = property.path("defaultValue");
			String shownDefault = defaultValue.isMissingNode() || defaultValue.isNull() ? "(none)"
					: "`" + defaultValue.asString() + "`";
			table.append("| `")
				.append(name)
				.append("` | ")
				.append(shownDefault)
				.append(" | ")
				.append(escape(property.path("description").asString()))
				.append(name.equals("eofpool.hosts") ? " See [per-host overrides](#per-host-overrides)." : "")
				.append(" |\n");
		});
		return table.toString();
	}

	private static String escape(String text) {
		return text.replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;").replace("\n", " ");
	}

	/** The settings of {@link EofPoolProperties.Host}, as kebab-case property names. */
	private static Set<String> hostSettings() {
		List<String> names = new ArrayList<>();
		Arrays.stream(BeanUtils.getPropertyDescriptors(EofPoolProperties.Host.class))
			.filter((p) -> p.getWriteMethod() != null)
			.forEach((p) -> names.add(p.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT)));
		return new TreeSet<>(names);
	}

}
