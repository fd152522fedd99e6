package dev.eofpool.benchmarks.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about the machine and the software measured, for the report's header. */
final class Environment {

	/** Artifacts whose versions the report names, found by jar name on the class path. */
	private static final String[][] ARTIFACTS = { { "spring-web", "Spring Framework" },
			{ "httpclient5", "Apache HttpClient 5" }, { "jetty-client", "Jetty client" },
			{ "reactor-netty-http", "Reactor Netty" }, { "okhttp-jvm", "OkHttp" }, { "eofpool-transport", "eofpool" },
			{ "HdrHistogram", "HdrHistogram" } };

	private Environment() {
	}

	/** CPU model, cores and memory, e.g. {@code 2 × Intel Xeon ..., 24 GiB}. */
	static String machine() {
		String model = "unknown CPU";
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
				if (line.startsWith("model name")) {
					model = line.substring(line.indexOf(':') + 1).trim();
					break;
				}
			}
		}
		catch (IOException ex) {
			// not Linux: keep the placeholder
		}
		long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getTotalMemorySize();
		return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), "
				+ Math.round(memory / (1024.0 * 1024 * 1024)) + " GiB, " + System.getProperty("os.name") + " "
				+ System.getProperty("os.version");
	}

	/** The 1, 5 and 15 minute load averages, e.g. {@code 0.52 0.61 0.70}. */
	static String loadAverage() {
		try {
			String[] f = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** Version of each library measured, read from jar names on this JVM's class path. */
	static Map<String, String> libraries() {
		Map<String, String> versions = new LinkedHashMap<>();
		String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
		for (String[] artifact : ARTIFACTS) {
			Pattern jar = Pattern.compile(Pattern.quote(artifact[0]) + "-(\\d[^/]*?)\\.jar$");
			for (String entry : entries) {
				Matcher m = jar.matcher(entry);
				if (m.find()) {
					versions.put(artifact[1], m.group(1));
					break;
				}
				if (entry.contains("/" + artifact[0].replace("eofpool-", "") + "/target/classes")) {
					versions.put(artifact[1], "this checkout");
					break;
				}
			}
		}
		return versions;
	}

	/** {@code java -version}'s first line for a JDK. */
	static String jdk(Path home) {
		try {
			Process p = new ProcessBuilder(home.resolve("bin/java").toString(), "-version").redirectErrorStream(true)
				.start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			p.waitFor(10, TimeUnit.SECONDS);
			String[] lines = out.split("\n");
			return (lines.length > 1) ? lines[1].trim() : out.trim();
		}
		catch (IOException ex) {
			return "not available";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}
}
