package dev.eofpool.benchmarks.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.contenders.Contenders;
import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.report.Measurement;
import dev.eofpool.benchmarks.report.RunInfo;

/**
 * A finished run as files: {@code run.properties} (how it was made, which cells and contenders) beside
 * {@code results.tsv} (every measurement). Lets the report be written again, with new notes or a new layout, without
 * measuring again.
 *
 * @param info how the run was made
 * @param cells the cells, in order
 * @param contenders the contenders, in order
 * @param measurements every measurement
 */
record RunRecord(RunInfo info, List<Cell> cells, List<Contender> contenders, List<Measurement> measurements) {

	private static final String PROPERTIES = "run.properties";

	private static final String RESULTS = "results.tsv";

	void save(Path dir) throws IOException {
		Properties p = new Properties();
		p.setProperty("date", this.info.date());
		p.setProperty("machine", this.info.machine());
		p.setProperty("loadBefore", this.info.loadBefore());
		p.setProperty("loadAfter", this.info.loadAfter());
		p.setProperty("server", this.info.server());
		p.setProperty("ceiling", this.info.ceiling());
		p.setProperty("jdks", String.join("\n", this.info.jdks()));
		StringBuilder libs = new StringBuilder();
		this.info.libraries().forEach((k, v) -> libs.append(k).append('=').append(v).append('\n'));
		p.setProperty("libraries", libs.toString());
		p.setProperty("method", this.info.method());
		p.setProperty("command", this.info.command());
		List<String> cellIds = new ArrayList<>();
		this.cells.forEach((c) -> cellIds.add(c.id()));
		p.setProperty("cells", String.join(",", cellIds));
		List<String> names = new ArrayList<>();
		this.contenders.forEach((c) -> names.add(c.name()));
		p.setProperty("contenders", String.join(",", names));
		try (Writer w = Files.newBufferedWriter(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
			p.store(w, "eofpool benchmark run");
		}
		StringBuilder raw = new StringBuilder();
		for (Measurement m : this.measurements) {
			raw.append(m.toLine()).append('\n');
		}
		Files.writeString(dir.resolve(RESULTS), raw.toString(), StandardCharsets.UTF_8);
	}

	/** Reads a run saved by {@link #save}, with {@code notes} as its notes. */
	static RunRecord load(Path dir, String notes) throws IOException {
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
			p.load(r);
		}
		Map<String, String> libraries = new LinkedHashMap<>();
		for (String line : p.getProperty("libraries", "").split("\n")) {
			int eq = line.indexOf('=');
			if (eq > 0) {
				libraries.put(line.substring(0, eq), line.substring(eq + 1));
			}
		}
		RunInfo info = new RunInfo(p.getProperty("date"), p.getProperty("machine"), p.getProperty("loadBefore"),
				p.getProperty("loadAfter"), p.getProperty("server"), p.getProperty("ceiling"),
				Arrays.asList(p.getProperty("jdks").split("\n")), libraries, p.getProperty("method"),
				p.getProperty("command"), notes);
		List<Cell> cells = new ArrayList<>();
		for (String id : p.getProperty("cells").split(",")) {
			cells.add(Cell.parse(id));
		}
		List<Contender> contenders = new ArrayList<>();
		for (String name : p.getProperty("contenders").split(",")) {
			contenders.add(Contenders.named(name));
		}
		List<Measurement> measurements = new ArrayList<>();
		for (String line : Files.readAllLines(dir.resolve(RESULTS), StandardCharsets.UTF_8)) {
			if (!line.isBlank()) {
				measurements.add(Measurement.parse(line));
			}
		}
		return new RunRecord(info, cells, contenders, measurements);
	}
}
