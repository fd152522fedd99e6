package dev.eofpool.benchmarks.report;

import dev.eofpool.benchmarks.load.CellResult;

/**
 * One worker's (or wrk's) result in one round of a run; the raw results file holds one per line.
 *
 * @param round the round, from 1
 * @param result what was measured
 */
public record Measurement(int round, CellResult result) {

	public String toLine() {
		return this.round + "\t" + this.result.toLine();
	}

	public static Measurement parse(String line) {
		int tab = line.indexOf('\t');
		return new Measurement(Integer.parseInt(line.substring(0, tab)), CellResult.parse(line.substring(tab + 1)));
	}
}
