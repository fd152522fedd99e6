package dev.eofpool.benchmarks.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.CellResult;
import dev.eofpool.benchmarks.report.CellSummary;
import dev.eofpool.benchmarks.report.JfrSummary;
import dev.eofpool.benchmarks.report.MarkdownReport;
import dev.eofpool.benchmarks.report.Measurement;
import dev.eofpool.benchmarks.report.RunInfo;
import dev.eofpool.benchmarks.report.Summary;
import dev.eofpool.benchmarks.report.SvgChart;
import dev.eofpool.benchmarks.server.EmbeddedServer;
import dev.eofpool.benchmarks.server.NginxServer;
import dev.eofpool.benchmarks.server.SelfSignedCertificate;
import dev.eofpool.benchmarks.server.TargetServer;

/**
 * The driver: starts the target server, then for each round and cell runs every contender in a worker JVM of its own
 * (the order rotated and reversed from cell to cell, so no contender always runs first or right after another) and
 * wrk, and writes the raw results, the Markdown report and the chart.
 */
public final class BenchmarkRun {

	private final Options options;

	private final PrintStream log;

	private BenchmarkRun(Options options, PrintStream log) {
		this.options = options;
		this.log = log;
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "--help".equals(args[0])) {
			System.out.println(Options.usage());
			return;
		}
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(Options.usage());
			System.exit(2);
			return;
		}
		BenchmarkRun run = new BenchmarkRun(options, System.out);
		if (options.rerender != null) {
			run.rerender();
		}
		else {
			run.execute();
		}
	}

	/** Runs with these arguments, printing progress to {@code log}; returns every measurement. */
	public static List<Measurement> run(String[] args, PrintStream log) throws Exception {
		return new BenchmarkRun(Options.parse(args), log).execute();
	}

	private List<Measurement> execute() throws Exception {
		Options o = this.options;
		Files.createDirectories(o.out);
		String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
			.format(Instant.now().atZone(ZoneOffset.UTC));
		String loadBefore = Environment.loadAverage();
		List<Measurement> measurements = new ArrayList<>();
		String classPath = ClassPathSnapshot.take(System.getProperty("java.class.path"), o.out.resolve("lib"));
		WorkerLauncher launcher = new WorkerLauncher(classPath, o.jdk25, o.heap, o.out.resolve("logs"));
		Wrk wrk = o.wrk ? Wrk.find(o.out.resolve("wrk")) : null;
		String serverDescription;
		try (TargetServer server = startServer()) {
			serverDescription = server.description();
			this.log.println("server: " + serverDescription + " at " + server.base()
					+ ((server.httpsBase() != null) ? " and " + server.httpsBase() : ""));
			for (int round = 1; round <= o.rounds; round++) {
				for (int i = 0; i < o.cells.size(); i++) {
					Cell cell = o.cells.get(i);
					for (Contender c : order(round, i)) {
						String tag = "r" + round + "-" + cell.id().replaceAll("[^a-z0-9]", "_") + "-"
								+ c.name().replaceAll("[^A-Za-z0-9]", "");
						CellResult r = launcher.run(c, cell, server, o.warmup, o.measure, tag, null);
						measurements.add(new Measurement(round, r));
						progress(round, r);
					}
					if (wrk != null) {
						CellResult r = wrk.run(cell, server, o.measure,
								"r" + round + "-" + cell.id().replaceAll("[^a-z0-9]", "_"));
						measurements.add(new Measurement(round, r));
						progress(round, r);
					}
				}
			}
			if (o.profile != null) {
				profile(launcher, server);
			}
		}
		RunInfo info = new RunInfo(date, Environment.machine(), loadBefore, Environment.loadAverage(),
				serverDescription, (wrk != null) ? "wrk " + wrk.version() + ", same paths and connection counts, "
						+ "up to 2 threads" : "wrk not run", jdks(), Environment.libraries(), method(), o.command,
				notes());
		write(info, measurements);
		return measurements;
	}

	private TargetServer startServer() throws IOException, InterruptedException {
		Path nginx = NginxServer.find();
		SelfSignedCertificate certificate = certificate();
		switch (this.options.server) {
			case "embedded":
				return EmbeddedServer.start(certificate);
			case "nginx":
				if (nginx == null) {
					throw new IOException("nginx is not installed (benchmarks/run.sh installs it with apt-get)");
				}
				return NginxServer.start(nginx, Files.createTempDirectory("eofpool-nginx"), this.options.nginxWorkers,
						certificate);
			default:
				return (nginx != null)
						? NginxServer.start(nginx, Files.createTempDirectory("eofpool-nginx"), this.options.nginxWorkers,
								certificate)
						: EmbeddedServer.start(certificate);
		}
	}

	/**
	 * The run's self-signed certificate when a cell is on HTTPS (generated into the output directory), else
	 * {@code null}: plain runs need neither {@code keytool} nor {@code openssl}.
	 */
	private SelfSignedCertificate certificate() throws IOException, InterruptedException {
		for (Cell c : this.options.cells) {
			if (c.workload().tls()) {
				SelfSignedCertificate certificate = SelfSignedCertificate.generate(this.options.out.resolve("tls"));
				this.log.println("tls: " + certificate.trustStore() + (certificate.pem() ? ""
						: " (no openssl: no PEM files, so nginx serves no HTTPS)"));
				return certificate;
			}
		}
		return null;
	}

	/** Rotated by one more place for every cell and round, and reversed on every other. */
	private List<Contender> order(int round, int cellIndex) {
		List<Contender> order = new ArrayList<>(this.options.contenders);
		int step = (round - 1) * this.options.cells.size() + cellIndex;
		Collections.rotate(order, -(step % Math.max(1, order.size())));
		if (step % 2 == 1) {
			Collections.reverse(order);
		}
		return order;
	}

	private void progress(int round, CellResult r) {
		if (r.ran()) {
			this.log.printf(Locale.ROOT,
					"round %d  %-18s %-28s %10.0f req/s  p99 %8.0f us  cpu %6.1f us/req  alloc %8.0f B/req  "
							+ "sockets %d (%d)  errors %d%n",
					round, r.cell(), r.contender(), r.requestsPerSecond(), r.p99Micros(), r.cpuMicrosPerRequest(),
					r.allocatedBytesPerRequest(), r.socketsOpened(), r.socketsOpenedInWindow(), r.errors());
		}
		else {
			this.log.printf(Locale.ROOT, "round %d  %-18s %-28s n/a: %s%n", round, r.cell(), r.contender(),
					r.firstError());
		}
	}

	/** One more worker per cell for the profiled contender, recording JFR; not part of the table. */
	private void profile(WorkerLauncher launcher, TargetServer server) throws Exception {
		Path dir = Files.createDirectories(this.options.out.resolve("profile"));
		for (Cell cell : this.options.cells) {
			String tag = "profile-" + cell.id().replaceAll("[^a-z0-9]", "_");
			Path jfr = dir.resolve(tag + ".jfr");
			CellResult r = launcher.run(this.options.profile, cell, server, this.options.warmup,
					this.options.measure, tag, jfr);
			progress(0, r);
			if (Files.exists(jfr)) {
				Files.writeString(dir.resolve(tag + ".txt"), JfrSummary.summarise(jfr, 25));
				this.log.println("profile: " + dir.resolve(tag + ".txt"));
			}
		}
	}

	private List<String> jdks() {
		List<String> jdks = new ArrayList<>();
		jdks.add("platform threads: " + Environment.jdk(Path.of(System.getProperty("java.home"))));
		for (Cell c : this.options.cells) {
			if (c.virtual()) {
				jdks.add("virtual threads: " + Environment.jdk(this.options.jdk25));
				break;
			}
		}
		return jdks;
	}

	private String method() {
		Options o = this.options;
		return String.format(Locale.ROOT,
				"each contender in its own JVM (-Xms%s -Xmx%s, G1) per cell; %.0f s warm-up, then a %.0f s measured "
						+ "window; %d round%s; contender order rotated and reversed from cell to cell; latency from "
						+ "HdrHistogram; CPU from the process CPU time; allocation from the threads' allocation "
						+ "counters; sockets from the server's accept count; pools sized to the connections",
				o.heap, o.heap, o.warmup.toMillis() / 1e3, o.measure.toMillis() / 1e3, o.rounds,
				o.rounds == 1 ? "" : "s");
	}

	private String notes() throws IOException {
		Path notes = this.options.notes;
		return (notes != null) ? Files.readString(notes, StandardCharsets.UTF_8) : "";
	}

	private void write(RunInfo info, List<Measurement> measurements) throws IOException {
		RunRecord record = new RunRecord(info, this.options.cells, this.options.contenders, measurements);
		record.save(this.options.out);
		this.log.println("results: " + this.options.out.resolve("results.tsv"));
		render(record);
	}

	/** Writes the report and the chart of a run (where {@code --doc} and {@code --chart} say, else beside it). */
	private void render(RunRecord record) throws IOException {
		Options o = this.options;
		RunInfo info = record.info();
		List<CellSummary> summary = Summary.of(record.cells(), record.contenders(), record.measurements());
		String svg = SvgChart.render(summary, info.date() + " · " + info.machine() + " · " + info.server());
		Path chart = (o.chart != null) ? o.chart : o.out.resolve("benchmarks.svg");
		Path doc = (o.doc != null) ? o.doc : o.out.resolve("benchmarks.md");
		Files.createDirectories(chart.toAbsolutePath().getParent());
		Files.createDirectories(doc.toAbsolutePath().getParent());
		Files.writeString(chart, svg, StandardCharsets.UTF_8);
		String relative = doc.toAbsolutePath().getParent().relativize(chart.toAbsolutePath()).toString();
		Files.writeString(doc, MarkdownReport.render(info, summary, relative), StandardCharsets.UTF_8);
		this.log.println("report:  " + doc);
		this.log.println("chart:   " + chart);
	}

	/** {@code --rerender DIR}: the report of a saved run again, with the notes given now. */
	private void rerender() throws IOException {
		this.options.out = this.options.rerender;
		render(RunRecord.load(this.options.rerender, notes()));
	}
}
