package dev.eofpool.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.CellResult;

/**
 * Turns a run's measurements into per-cell summaries. A contender's peers are the contenders of its layer (through
 * {@code RestClient}, or raw) other than eofpool and the JVM socket floor that served the round's cell without an
 * error and within its connection budget (no more sockets opened than the cell's connections: in the virtual-thread
 * cells, clients that cannot be capped open one per thread and are shown but not taken as the bar); "best peer" is the
 * one with the most req/s for throughput and the lowest value for CPU, allocation and p99. wrk is measured against the
 * raw peers, as the floor is: how far the ceiling itself is from them.
 */
public final class Summary {

	private static final String WRK = "wrk";

	private Summary() {
	}

	public static List<CellSummary> of(List<Cell> cells, List<Contender> contenders, List<Measurement> measurements) {
		List<CellSummary> summaries = new ArrayList<>();
		for (Cell cell : cells) {
			List<ContenderSummary> rows = new ArrayList<>();
			for (Contender c : contenders) {
				rows.add(summarise(cell, c.name(), c.viaRestClient(), c.eofpool(), c.baseline(), contenders, measurements));
			}
			boolean anyWrk = measurements.stream()
				.anyMatch((m) -> m.result().cell().equals(cell.id()) && m.result().contender().equals(WRK));
			ContenderSummary wrk = anyWrk ? summarise(cell, WRK, false, false, true, contenders, measurements) : null;
			summaries.add(new CellSummary(cell, rows, wrk));
		}
		return summaries;
	}

	private static ContenderSummary summarise(Cell cell, String name, boolean viaRestClient, boolean eofpool,
			boolean baseline, List<Contender> contenders, List<Measurement> all) {
		List<Measurement> own = new ArrayList<>();
		String failure = "";
		for (Measurement m : all) {
			if (m.result().cell().equals(cell.id()) && m.result().contender().equals(name)) {
				if (m.result().ran()) {
					own.add(m);
				}
				else if (failure.isEmpty()) {
					failure = m.result().firstError();
				}
			}
		}
		if (own.isEmpty()) {
			return new ContenderSummary(name, viaRestClient, eofpool, baseline, 0, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, Double.NaN, -1, -1, 0, -1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					failure.isEmpty() ? "not run" : failure, Double.NaN, Double.NaN, Double.NaN);
		}
		List<Double> vsPeer = new ArrayList<>();
		List<Double> vsWrk = new ArrayList<>();
		List<Double> cpuVs = new ArrayList<>();
		List<Double> allocVs = new ArrayList<>();
		List<Double> p99Vs = new ArrayList<>();
		List<Double> vsFloor = new ArrayList<>();
		List<Double> cpuVsFloor = new ArrayList<>();
		long opened = 0;
		long openedInWindow = 0;
		long errors = 0;
		long jit = -1;
		for (Measurement m : own) {
			CellResult r = m.result();
			jit = Math.max(jit, r.jitMillis());
			opened = Math.max(opened, r.socketsOpened());
			openedInWindow = Math.max(openedInWindow, r.socketsOpenedInWindow());
			errors += r.errors();
			List<CellResult> peers = peers(cell, m.round(), viaRestClient, contenders, all);
			if (!peers.isEmpty()) {
				vsPeer.add(r.requestsPerSecond() / best(peers, CellResult::requestsPerSecond, true));
				cpuVs.add(r.cpuMicrosPerRequest() / best(peers, CellResult::cpuMicrosPerRequest, false));
				allocVs.add(r.allocatedBytesPerRequest() / best(peers, CellResult::allocatedBytesPerRequest, false));
				p99Vs.add(r.p99Micros() / best(peers, CellResult::p99Micros, false));
			}
			for (Measurement w : all) {
				if (w.round() == m.round() && w.result().cell().equals(cell.id()) && w.result().contender().equals(WRK)
						&& w.result().ran()) {
					vsWrk.add(r.requestsPerSecond() / w.result().requestsPerSecond());
				}
			}
			CellResult floor = floor(cell, m.round(), contenders, all);
			if (floor != null) {
				vsFloor.add(r.requestsPerSecond() / floor.requestsPerSecond());
				cpuVsFloor.add(r.cpuMicrosPerRequest() / floor.cpuMicrosPerRequest());
			}
		}
		return new ContenderSummary(name, viaRestClient, eofpool, baseline, own.size(),
				median(own, CellResult::requestsPerSecond), median(own, CellResult::p50Micros),
				median(own, CellResult::p99Micros), median(own, CellResult::cpuMicrosPerRequest),
				median(own, CellResult::allocatedBytesPerRequest), opened, openedInWindow, errors, jit, median(vsPeer),
				median(vsWrk), median(cpuVs), median(allocVs), median(p99Vs), "",
				median(own, (r) -> r.socketsOpenedInWindow() / (double) Math.max(1, r.requests())), median(vsFloor),
				median(cpuVsFloor));
	}

	/** The round's result of the JVM socket floor (the contender that is a reference) in the cell, if it ran. */
	private static CellResult floor(Cell cell, int round, List<Contender> contenders, List<Measurement> all) {
		for (Contender c : contenders) {
			if (!c.floor()) {
				continue;
			}
			for (Measurement m : all) {
				CellResult r = m.result();
				if (m.round() == round && r.cell().equals(cell.id()) && r.contender().equals(c.name()) && r.ran()
						&& r.requestsPerSecond() > 0 && r.cpuMicrosPerRequest() > 0) {
					return r;
				}
			}
		}
		return null;
	}

	/** The round's results of the contender's peers that served the cell cleanly. */
	private static List<CellResult> peers(Cell cell, int round, boolean viaRestClient, List<Contender> contenders,
			List<Measurement> all) {
		List<CellResult> peers = new ArrayList<>();
		for (Contender c : contenders) {
			if (c.eofpool() || c.baseline() || c.viaRestClient() != viaRestClient) {
				continue;
			}
			for (Measurement m : all) {
				CellResult r = m.result();
				if (m.round() == round && r.cell().equals(cell.id()) && r.contender().equals(c.name()) && r.ran()
						&& r.errors() == 0 && keptBudget(cell, r)) {
					peers.add(r);
				}
			}
		}
		return peers;
	}

	/**
	 * Whether a result is comparable: on a pooled cell, no more sockets than the cell's connections; on a cold cell,
	 * a socket for (nearly) every request of the window (a client that quietly reused connections would not be paying
	 * the handshakes the cell measures).
	 */
	public static boolean keptBudget(Cell cell, CellResult r) {
		if (cell.workload().cold()) {
			return r.socketsOpenedInWindow() >= r.requests() - cell.connections();
		}
		return r.socketsOpened() <= cell.connections();
	}

	private static double best(List<CellResult> peers, ToDoubleFunction<CellResult> value, boolean highest) {
		double best = highest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
		for (CellResult r : peers) {
			double v = value.applyAsDouble(r);
			if (v >= 0) {
				best = highest ? Math.max(best, v) : Math.min(best, v);
			}
		}
		return best;
	}

	private static double median(List<Measurement> rows, ToDoubleFunction<CellResult> value) {
		List<Double> values = new ArrayList<>();
		for (Measurement m : rows) {
			values.add(value.applyAsDouble(m.result()));
		}
		return median(values);
	}

	static double median(List<Double> values) {
		double[] v = values.stream().mapToDouble(Double::doubleValue).filter((d) -> !Double.isNaN(d)).toArray();
		if (v.length == 0) {
			return Double.NaN;
		}
		Arrays.sort(v);
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}
}
