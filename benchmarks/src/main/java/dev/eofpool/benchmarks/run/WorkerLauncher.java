package dev.eofpool.benchmarks.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.CellResult;
import dev.eofpool.benchmarks.load.LoadWorker;
import dev.eofpool.benchmarks.server.TargetServer;

/**
 * Runs one contender through one cell in a JVM of its own (this JVM's class path; JDK 25 for virtual-thread cells),
 * keeps its output as a log, and reads back its result line. A worker that overstays its time is killed.
 */
final class WorkerLauncher {

	/** Beyond warm-up and window: JVM start, client start and stop. */
	private static final Duration GRACE = Duration.ofSeconds(90);

	private final String classPath;

	private final Path javaHome = Paths.get(System.getProperty("java.home"));

	private final Path jdk25;

	private final String heap;

	private final Path logs;

	/** @param classPath the workers' class path (see {@link ClassPathSnapshot}) */
	WorkerLauncher(String classPath, Path jdk25, String heap, Path logs) {
		this.classPath = classPath;
		this.jdk25 = jdk25;
		this.heap = heap;
		this.logs = logs;
	}

	/** The JDK a cell's workers run on, or {@code null} when it is not installed. */
	Path jdkFor(Cell cell) {
		if (!cell.virtual() || Runtime.version().feature() >= 21) {
			return this.javaHome;
		}
		return Files.isExecutable(this.jdk25.resolve("bin/java")) ? this.jdk25 : null;
	}

	/**
	 * Runs the worker and returns its result (a failed one, with the reason, when it printed none).
	 * @param jfr where to record a profile of the measured window, or {@code null} for none
	 */
	CellResult run(Contender contender, Cell cell, TargetServer server, Duration warmup, Duration measure, String tag,
			Path jfr) throws IOException, InterruptedException {
		if (cell.workload().tls() && server.httpsUnavailableReason() != null) {
			return CellResult.failed(contender.name(), cell.id(), server.httpsUnavailableReason());
		}
		Path jdk = jdkFor(cell);
		if (jdk == null) {
			return CellResult.failed(contender.name(), cell.id(), "no JDK 21+ for virtual threads at " + this.jdk25);
		}
		List<String> command = new ArrayList<>();
		command.add(jdk.resolve("bin/java").toString());
		command.add("-Xms" + this.heap);
		command.add("-Xmx" + this.heap);
		command.add("-XX:+UseG1GC");
		command.addAll(contender.jvmOptions(cell));
		if (jfr != null) {
			// 1 ms execution samples: load threads spend most of their time blocked in socket reads
			command.add("-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,delay="
					+ warmup.toMillis() + "ms,duration=" + measure.toMillis() + "ms,filename=" + jfr);
		}
		command.add("-cp");
		command.add(this.classPath);
		command.add(LoadWorker.class.getName());
		command.add(contender.name());
		command.add(cell.id());
		command.add(server.base().toString());
		command.add(Long.toString(warmup.toMillis()));
		command.add(Long.toString(measure.toMillis()));
		if (server.httpsBase() != null && server.trustStore() != null) {
			command.add(server.httpsBase().toString());
			command.add(server.trustStore().toString());
		}
		Files.createDirectories(this.logs);
		Path log = this.logs.resolve(tag + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		long limit = warmup.plus(measure).plus(GRACE).toMillis();
		if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			return CellResult.failed(contender.name(), cell.id(), "worker killed after " + limit + " ms; see " + log);
		}
		for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
			if (line.startsWith(CellResult.PREFIX)) {
				return CellResult.parse(line);
			}
		}
		return CellResult.failed(contender.name(), cell.id(),
				"worker exited with " + process.exitValue() + " and no result; see " + log);
	}
}
