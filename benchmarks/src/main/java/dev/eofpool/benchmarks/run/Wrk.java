package dev.eofpool.benchmarks.run;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.CellResult;
import dev.eofpool.benchmarks.load.Workload;
import dev.eofpool.benchmarks.server.TargetServer;

/**
 * {@code wrk}, the ceiling: the same path and connection count as a cell, its own CPU time read from the children's
 * CPU counters of this process ({@code /proc/self/stat}), which grow when a waited-for child ends.
 */
final class Wrk {

	static final String NAME = "wrk";

	private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)"
			+ "|Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private final Path binary;

	private final Path dir;

	private Wrk(Path binary, Path dir) {
		this.binary = binary;
		this.dir = dir;
	}

	/** {@code wrk} from the {@code PATH}, or {@code null} when not installed. */
	static Wrk find(Path dir) {
		String path = System.getenv("PATH");
		for (String d : (path == null ? "/usr/bin" : path).split(":")) {
			Path candidate = Paths.get(d, "wrk");
			if (Files.isExecutable(candidate)) {
				return new Wrk(candidate, dir);
			}
		}
		return null;
	}

	String version() {
		try {
			Process p = new ProcessBuilder(this.binary.toString(), "-v").redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			p.waitFor(5, TimeUnit.SECONDS);
			Matcher m = Pattern.compile("wrk ([^ ]+)").matcher(out);
			return m.find() ? m.group(1) : "unknown";
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/** Loads the cell's path with {@code cell.connections()} connections for {@code duration}. */
	CellResult run(Cell cell, TargetServer server, Duration duration, String tag)
			throws IOException, InterruptedException {
		URI base = cell.workload().tls() ? server.httpsBase() : server.base();
		if (base == null) {
			return CellResult.failed(NAME, cell.id(), server.httpsUnavailableReason());
		}
		int connections = cell.connections();
		int threads = Math.min(2, connections);
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "-t", Integer.toString(threads), "-c",
				Integer.toString(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "--latency"));
		if (cell.workload() == Workload.POST_1K) {
			command.add("-s");
			command.add(postScript().toString());
		}
		if (cell.workload().cold()) {
			// a new connection (and, on HTTPS, a full handshake) per request, as the contenders'
			command.add("-H");
			command.add("Connection: close");
		}
		command.add(base.resolve(cell.workload().path()).toString());
		Files.createDirectories(this.dir);
		Path log = this.dir.resolve(tag + ".log");
		long cpuBefore = childrenCpuNanos();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			return CellResult.failed(NAME, cell.id(), "wrk did not finish; see " + log);
		}
		long cpu = childrenCpuNanos() - cpuBefore;
		CellResult result = parse(cell, Files.readString(log, StandardCharsets.UTF_8), cpu, version());
		return result.ran() ? result : CellResult.failed(NAME, cell.id(), "no result from wrk; see " + log);
	}

	/**
	 * Reads wrk's {@code --latency} output: throughput, median and 99th percentile, errors (non-2xx answers and
	 * socket errors).
	 * @param cpuNanos wrk's CPU time, or a negative value when unknown
	 */
	static CellResult parse(Cell cell, String out, long cpuNanos, String version) {
		Matcher rps = RPS.matcher(out);
		Matcher total = TOTAL.matcher(out);
		if (!rps.find() || !total.find()) {
			return CellResult.failed(NAME, cell.id(), "no result from wrk");
		}
		long requests = Long.parseLong(total.group(1));
		double rate = Double.parseDouble(rps.group(1));
		double seconds = (rate > 0) ? requests / rate : 0;
		double p50 = 0;
		double p99 = 0;
		Matcher p = PERCENTILE.matcher(out);
		while (p.find()) {
			double micros = micros(Double.parseDouble(p.group(2)), p.group(3));
			if ("50".equals(p.group(1))) {
				p50 = micros;
			}
			else {
				p99 = micros;
			}
		}
		long errors = 0;
		Matcher e = ERRORS.matcher(out);
		while (e.find()) {
			for (int g = 1; g <= e.groupCount(); g++) {
				if (e.group(g) != null) {
					errors += Long.parseLong(e.group(g));
				}
			}
		}
		double cpuMicros = (cpuNanos >= 0 && requests > 0) ? cpuNanos / 1e3 / requests : -1;
		return new CellResult(NAME, cell.id(), requests, seconds, p50, p99, 0, cpuMicros, -1, 0, -1, -1, -1, errors, 0,
				"", "wrk " + version);
	}

	private Path postScript() throws IOException {
		Path script = this.dir.resolve("post.lua");
		if (!Files.exists(script)) {
			String body = new String(Workload.POST_1K.newRequestBody(), StandardCharsets.US_ASCII);
			Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = \"" + body + "\"\n"
					+ "wrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n");
		}
		return script;
	}

	private static double micros(double value, String unit) {
		switch (unit.toLowerCase(Locale.ROOT)) {
			case "us":
				return value;
			case "ms":
				return value * 1e3;
			default:
				return value * 1e6;
		}
	}

	/** User and system CPU of this process's ended, waited-for children ({@code -1} off Linux). */
	private static long childrenCpuNanos() {
		try {
			String stat = Files.readString(Paths.get("/proc/self/stat"), StandardCharsets.US_ASCII);
			// fields after the command name, which is in brackets and may hold spaces: cutime is field 16, cstime 17
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
			return ticks * 10_000_000L; // USER_HZ is 100 on Linux
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}
}
