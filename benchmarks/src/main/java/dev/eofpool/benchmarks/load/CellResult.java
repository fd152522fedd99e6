package dev.eofpool.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one contender did in one cell, as measured in its worker JVM; travels to the driver as one line of
 * {@code key=value} fields separated by tabs.
 *
 * @param contender the contender's name
 * @param cell the cell's id ({@link Cell#id()})
 * @param requests requests completed with a correct answer in the measured window
 * @param seconds length of the measured window
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param maxMicros highest latency
 * @param cpuMicrosPerRequest process CPU time per request
 * @param allocatedBytesPerRequest bytes allocated per request ({@code -1}: unknown)
 * @param gcCount collections in the window
 * @param jitMillis JIT compilation time in the window (near 0 once warm; {@code -1}: unknown)
 * @param socketsOpened connections the server accepted from this client, warm-up and window together
 * @param socketsOpenedInWindow of those, accepted during the measured window
 * @param errors failed requests in the window
 * @param warmupErrors failed requests during warm-up
 * @param firstError the first failure's message, or empty
 * @param jvm the worker's Java version
 */
public record CellResult(String contender, String cell, long requests, double seconds, double p50Micros,
		double p99Micros, double maxMicros, double cpuMicrosPerRequest, double allocatedBytesPerRequest, long gcCount,
		long jitMillis, long socketsOpened, long socketsOpenedInWindow, long errors, long warmupErrors,
		String firstError, String jvm) {

	/** Line prefix the driver looks for in a worker's output. */
	public static final String PREFIX = "RESULT\t";

	public double requestsPerSecond() {
		return (this.seconds > 0) ? this.requests / this.seconds : 0;
	}

	/** Whether the contender served the cell at all. */
	public boolean ran() {
		return this.requests > 0;
	}

	public String toLine() {
		Map<String, String> f = new LinkedHashMap<>();
		f.put("contender", this.contender);
		f.put("cell", this.cell);
		f.put("requests", Long.toString(this.requests));
		f.put("seconds", Double.toString(this.seconds));
		f.put("p50us", Double.toString(this.p50Micros));
		f.put("p99us", Double.toString(this.p99Micros));
		f.put("maxus", Double.toString(this.maxMicros));
		f.put("cpuus", Double.toString(this.cpuMicrosPerRequest));
		f.put("allocb", Double.toString(this.allocatedBytesPerRequest));
		f.put("gc", Long.toString(this.gcCount));
		f.put("jitms", Long.toString(this.jitMillis));
		f.put("opened", Long.toString(this.socketsOpened));
		f.put("openedwindow", Long.toString(this.socketsOpenedInWindow));
		f.put("errors", Long.toString(this.errors));
		f.put("warmuperrors", Long.toString(this.warmupErrors));
		f.put("firsterror", clean(this.firstError));
		f.put("jvm", clean(this.jvm));
		StringBuilder line = new StringBuilder(PREFIX);
		f.forEach((k, v) -> line.append(k).append('=').append(v).append('\t'));
		line.setLength(line.length() - 1);
		return line.toString();
	}

	/** Parses what {@link #toLine()} wrote. */
	public static CellResult parse(String line) {
		if (!line.startsWith(PREFIX)) {
			throw new IllegalArgumentException("Not a result line: " + line);
		}
		Map<String, String> f = new LinkedHashMap<>();
		for (String field : line.substring(PREFIX.length()).split("\t")) {
			int eq = field.indexOf('=');
			f.put(field.substring(0, eq), field.substring(eq + 1));
		}
		return new CellResult(f.get("contender"), f.get("cell"), Long.parseLong(f.get("requests")),
				Double.parseDouble(f.get("seconds")), Double.parseDouble(f.get("p50us")),
				Double.parseDouble(f.get("p99us")), Double.parseDouble(f.get("maxus")),
				Double.parseDouble(f.get("cpuus")), Double.parseDouble(f.get("allocb")), Long.parseLong(f.get("gc")),
				Long.parseLong(f.getOrDefault("jitms", "-1")),
				Long.parseLong(f.get("opened")), Long.parseLong(f.get("openedwindow")), Long.parseLong(f.get("errors")),
				Long.parseLong(f.get("warmuperrors")), f.getOrDefault("firsterror", ""), f.getOrDefault("jvm", ""));
	}

	/** A result for a contender that could not run the cell at all. */
	public static CellResult failed(String contender, String cell, String why) {
		return new CellResult(contender, cell, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, why, "");
	}

	private static String clean(String text) {
		if (text == null) {
			return "";
		}
		String one = text.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
		return (one.length() > 300) ? one.substring(0, 300) + "..." : one;
	}
}
