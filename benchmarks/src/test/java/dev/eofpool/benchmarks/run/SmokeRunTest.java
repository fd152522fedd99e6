package dev.eofpool.benchmarks.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.contenders.Contenders;
import dev.eofpool.benchmarks.load.CellResult;
import dev.eofpool.benchmarks.report.Measurement;

/**
 * The seconds-long smoke run inside {@code verify}: the real driver, worker JVMs and report, against the embedded
 * server, with half-second windows. Proves the harness works end to end; measures nothing worth reading.
 */
class SmokeRunTest {

	private static final Path JDK25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

	@Test
	@Timeout(value = 90, unit = TimeUnit.SECONDS)
	void drivesWorkersAndWritesTheReport(@TempDir Path out) throws Exception {
		// every contender's requests are checked in this JVM by ContendersAgainstEmbeddedServerTest: here, a few
		// prove the worker JVMs, the driver and the report
		List<String> contenders = new ArrayList<>(List.of("raweofpool", "rawhttpcomponents", "httpcomponents"));
		Contender eofpool = Contenders.named("eofpool");
		if (eofpool.unavailableReason() == null) {
			contenders.add("eofpool");
		}
		String cells = "post1k:c2";
		boolean virtual = Runtime.version().feature() >= 21 || Files.isExecutable(JDK25.resolve("bin/java"));
		if (virtual) {
			cells += ",get1k:vt8/2";
		}
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		List<Measurement> measurements = BenchmarkRun.run(new String[] { "--cells", cells, "--contenders",
				String.join(",", contenders), "--rounds", "1", "--warmup", "0.3", "--measure", "0.3", "--server",
				"embedded", "--wrk", "false", "--heap", "256m", "--jdk25", JDK25.toString(), "--out", out.toString(),
				"--command", "smoke" }, new PrintStream(log, true, StandardCharsets.UTF_8));
		String progress = log.toString(StandardCharsets.UTF_8);
		assertEquals(contenders.size() * (virtual ? 2 : 1), measurements.size(), progress);
		for (Measurement m : measurements) {
			CellResult r = m.result();
			assertTrue(r.ran(), () -> r.contender() + " in " + r.cell() + " did not run: " + r.firstError());
			assertEquals(0, r.errors(), () -> r.contender() + " in " + r.cell() + ": " + r.firstError());
			assertTrue(r.socketsOpened() >= 1, () -> r.contender() + " in " + r.cell() + ": no socket counted");
			assertTrue(r.cpuMicrosPerRequest() > 0, progress);
		}
		String report = Files.readString(out.resolve("benchmarks.md"));
		assertTrue(report.contains("### POST 1 KiB, c=2"), report);
		assertTrue(report.contains("![Requests per second per contender and cell](benchmarks.svg)"), report);
		String chart = Files.readString(out.resolve("benchmarks.svg"));
		assertTrue(chart.startsWith("<svg") && chart.contains("raw HttpComponents"), chart);
		assertTrue(Files.readAllLines(out.resolve("results.tsv")).size() == measurements.size());
	}
}
