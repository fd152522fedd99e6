package dev.eofpool.benchmarks.report;

import java.util.List;

import dev.eofpool.benchmarks.load.Cell;

/**
 * Every contender's summary in one cell, in table order, and wrk's.
 *
 * @param cell the cell
 * @param contenders the contenders, in the order the run listed them
 * @param wrk wrk's figures, or {@code null} when wrk did not run
 */
public record CellSummary(Cell cell, List<ContenderSummary> contenders, ContenderSummary wrk) {

	/** The highest req/s in the cell, wrk's included (the chart's scale). */
	public double maxRps() {
		double max = (this.wrk != null && this.wrk.ran()) ? this.wrk.rps() : 0;
		for (ContenderSummary c : this.contenders) {
			if (c.ran()) {
				max = Math.max(max, c.rps());
			}
		}
		return max;
	}
}
