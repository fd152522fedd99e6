package dev.eofpool.benchmarks.run;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.contenders.Contenders;
import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.Workload;

/**
 * What a run measures and how, from the command line. The defaults are the full specification: every plain workload
 * at concurrency 1, 16 and 64 on platform threads plus 1,000 virtual threads over 64 connections, HTTPS GET 1 KiB
 * pooled and cold at concurrency 1 and 16, every contender, three rounds of 10 s warm-up and 10 s measured window.
 */
final class Options {

	List<Cell> cells = fullSpecCells();

	List<Contender> contenders = new ArrayList<>(Contenders.all());

	int rounds = 3;

	Duration warmup = Duration.ofSeconds(10);

	Duration measure = Duration.ofSeconds(10);

	/** {@code auto} (nginx when installed, else embedded), {@code nginx} or {@code embedded}. */
	String server = "auto";

	int nginxWorkers = 1;

	boolean wrk = true;

	Path jdk25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

	String heap = "1g";

	Path out = Paths.get("target", "benchmark-results");

	/** Where to write the Markdown report and the chart; {@code null}: only into {@link #out}. */
	Path doc;

	Path chart;

	/** Contender whose workers record a JFR profile of the measured window, or {@code null}. */
	Contender profile;

	/** A Markdown file of remarks (caveats) copied into the report, or {@code null}. */
	Path notes;

	/** A saved run to write the report of again instead of measuring, or {@code null}. */
	Path rerender;

	/** The command line as the user typed it, for the report. */
	String command = "";

	static List<Cell> fullSpecCells() {
		List<Cell> cells = new ArrayList<>();
		for (Workload w : Workload.values()) {
			if (!w.tls()) {
				for (int c : new int[] { 1, 16, 64 }) {
					cells.add(Cell.platform(w, c));
				}
			}
		}
		for (Workload w : Workload.values()) {
			if (!w.tls()) {
				cells.add(new Cell(w, 1000, 64, true));
			}
		}
		// HTTPS: pooled and cold (a connection and a full handshake per request), c=1 and c=16
		for (Workload w : List.of(Workload.HTTPS_GET_1K, Workload.HTTPS_COLD_GET_1K)) {
			for (int c : new int[] { 1, 16 }) {
				cells.add(Cell.platform(w, c));
			}
		}
		return cells;
	}

	static Options parse(String[] args) {
		Options o = new Options();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Option " + name + " needs a value");
			}
			String value = args[++i];
			switch (name) {
				case "--cells" -> o.cells = parseCells(value);
				case "--contenders" -> o.contenders = parseContenders(value);
				case "--rounds" -> o.rounds = positive(name, value);
				case "--warmup" -> o.warmup = seconds(name, value);
				case "--measure" -> o.measure = seconds(name, value);
				case "--server" -> o.server = oneOf(name, value, "auto", "nginx", "embedded");
				case "--nginx-workers" -> o.nginxWorkers = positive(name, value);
				case "--wrk" -> o.wrk = Boolean.parseBoolean(oneOf(name, value, "true", "false"));
				case "--jdk25" -> o.jdk25 = Paths.get(value);
				case "--heap" -> o.heap = value;
				case "--out" -> o.out = Paths.get(value);
				case "--doc" -> o.doc = Paths.get(value);
				case "--chart" -> o.chart = Paths.get(value);
				case "--profile" -> o.profile = Contenders.named(value);
				case "--command" -> o.command = value;
				case "--notes" -> o.notes = Paths.get(value);
				case "--rerender" -> o.rerender = Paths.get(value);
				default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + usage());
			}
		}
		return o;
	}

	static String usage() {
		return "options: --cells get1k:c1,get64k:c16,post1k:vt1000/64,httpsget1k:c16,httpscoldget1k:c16,... | --contenders all|name,... | --rounds N"
				+ " | --warmup SECONDS | --measure SECONDS | --server auto|nginx|embedded | --nginx-workers N"
				+ " | --wrk true|false | --jdk25 DIR | --heap SIZE | --out DIR | --doc FILE.md | --chart FILE.svg"
				+ " | --profile CONTENDER | --notes FILE.md | --command TEXT | --rerender SAVED-RUN-DIR";
	}

	private static List<Cell> parseCells(String value) {
		if ("all".equals(value)) {
			return fullSpecCells();
		}
		List<Cell> cells = new ArrayList<>();
		for (String c : value.split(",")) {
			cells.add(Cell.parse(c.trim()));
		}
		return cells;
	}

	private static List<Contender> parseContenders(String value) {
		if ("all".equals(value)) {
			return new ArrayList<>(Contenders.all());
		}
		List<Contender> list = new ArrayList<>();
		for (String c : value.split(",")) {
			list.add(Contenders.named(c.trim()));
		}
		return list;
	}

	private static int positive(String name, String value) {
		int n = Integer.parseInt(value);
		if (n < 1) {
			throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
		}
		return n;
	}

	private static Duration seconds(String name, String value) {
		double s = Double.parseDouble(value);
		if (s <= 0 || s > 600) {
			throw new IllegalArgumentException(name + " must be between 0 and 600 seconds but was " + value);
		}
		return Duration.ofMillis(Math.round(s * 1000));
	}

	private static String oneOf(String name, String value, String... allowed) {
		for (String a : allowed) {
			if (a.equals(value)) {
				return value;
			}
		}
		throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + " but was " + value);
	}
}
