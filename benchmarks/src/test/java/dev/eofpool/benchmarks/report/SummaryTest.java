package dev.eofpool.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.contenders.Contenders;
import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.CellResult;

class SummaryTest {

	private static final Cell CELL = Cell.parse("get1k:c16");

	private static Measurement m(int round, String contender, double rps, double cpu, double alloc) {
		return new Measurement(round, new CellResult(contender, CELL.id(), Math.round(rps * 10), 10, 100, 1000, 2000,
				cpu, alloc, 0, 0, 16, 0, 0, 0, "", "17"));
	}

	@Test
	void ratiosAreTakenWithinEachRoundThenTheMedian() {
		List<Contender> contenders = List.of(Contenders.named("eofpool"), Contenders.named("httpcomponents"),
				Contenders.named("jetty"));
		List<Measurement> ms = List.of(
				// round 1: machine fast; round 2: everything halves. eofpool is 1.5× the best peer in both
				m(1, "eofpool", 15000, 50, 5000), m(1, "HttpComponents", 10000, 100, 17500), m(1, "Jetty", 8000, 80, 12500),
				m(1, "wrk", 30000, 10, -1), m(2, "eofpool", 7500, 50, 5000), m(2, "HttpComponents", 5000, 100, 17500),
				m(2, "Jetty", 4000, 80, 12500), m(2, "wrk", 15000, 10, -1));
		CellSummary cell = Summary.of(List.of(CELL), contenders, ms).get(0);
		ContenderSummary eofpool = cell.contenders().get(0);
		assertEquals(1.5, eofpool.vsBestPeer(), 1e-9);
		assertEquals(0.5, eofpool.vsWrk(), 1e-9);
		assertEquals(50 / 80.0, eofpool.cpuVsBestPeer(), 1e-9);
		assertEquals(5000 / 12500.0, eofpool.allocVsBestPeer(), 1e-9);
		assertEquals(11250, eofpool.rps(), 1e-9);
		assertEquals(1.0, cell.contenders().get(1).vsBestPeer(), 1e-9);
		assertEquals(22500, cell.maxRps(), 1e-9); // wrk's median
		String md = MarkdownReport.render(new RunInfo("d", "m", "0", "0", "s", "wrk", List.of("17"),
				java.util.Map.of(), "method", "cmd", ""), List.of(cell), "chart.svg");
		assertTrue(md.contains("| **eofpool** | 11,250 | 1.50× | 0.50× |"), md);
		String svg = SvgChart.render(List.of(cell), "t");
		assertTrue(svg.contains(">11,250</text>") && svg.contains(">wrk (ceiling)</text>"), svg);
	}

	@Test
	void aContenderThatNeverRanSaysWhy() {
		List<Contender> contenders = List.of(Contenders.named("eofpool"), Contenders.named("jetty"));
		List<Measurement> ms = List.of(new Measurement(1, CellResult.failed("eofpool", CELL.id(), "not on the class path")),
				m(1, "Jetty", 8000, 80, 12500));
		ContenderSummary eofpool = Summary.of(List.of(CELL), contenders, ms).get(0).contenders().get(0);
		assertEquals("not on the class path", eofpool.failure());
		assertTrue(Double.isNaN(eofpool.vsBestPeer()));
	}

	@Test
	void theSocketFloorAndWrkAreReferencesSetAgainstTheBestRawPeerNeverPeers() {
		List<Contender> contenders = List.of(Contenders.named("raweofpool"), Contenders.named("rawhttpcomponents"),
				Contenders.named("jvmsocketfloor"));
		List<Measurement> ms = List.of(m(1, "raw eofpool", 12000, 30, 1000), m(1, "raw HttpComponents", 10000, 40, 7000),
				m(1, "JVM socket floor", 13000, 20, 100), m(1, "wrk", 14000, 25, -1));
		CellSummary cell = Summary.of(List.of(CELL), contenders, ms).get(0);
		ContenderSummary raw = cell.contenders().get(0);
		ContenderSummary floor = cell.contenders().get(2);
		// the floor is faster and leaner than the peer but never becomes the bar
		assertEquals(1.2, raw.vsBestPeer(), 1e-9);
		assertEquals(30 / 40.0, raw.cpuVsBestPeer(), 1e-9);
		assertTrue(floor.baseline());
		assertEquals(1.3, floor.vsBestPeer(), 1e-9);
		assertEquals(1.4, cell.wrk().vsBestPeer(), 1e-9);
		assertEquals(25 / 40.0, cell.wrk().cpuVsBestPeer(), 1e-9);
		String md = MarkdownReport.render(new RunInfo("d", "m", "0", "0", "s", "wrk", List.of("17"),
				java.util.Map.of(), "method", "cmd", ""), List.of(cell), "chart.svg");
		assertTrue(md.contains("| *JVM socket floor* | | 1.30× | 0.50× (× best peer) | | | | 0.93× |"), md);
		assertTrue(md.contains("| *wrk* | | 1.40× | 0.63× (× best peer) | | | | 1.00× |"), md);
		// the raw transport is set against the floor too, without marks: the targets are for RestClient
		assertEquals(12000 / 13000.0, raw.vsFloor(), 1e-9);
		assertTrue(md.contains("| GET 1 KiB, c=16 | **raw eofpool** | 0.92× | 1.20× | 1.50× |"), md);
		assertTrue(md.contains("| *wrk* | 14,000 | 1.40× | 1.00× |"), md);
	}

	@Test
	void theFairFloorIsAReferenceButNeverTheFloorTheTargetsAreSetAgainst() {
		List<Contender> contenders = List.of(Contenders.named("eofpool"), Contenders.named("httpcomponents"),
				Contenders.named("jvmsocketfloor"), Contenders.named("fairsocketfloor"));
		List<Measurement> ms = List.of(m(1, "eofpool", 12000, 30, 2000), m(1, "HttpComponents", 10000, 40, 8000),
				m(1, "JVM socket floor", 12500, 20, 0), m(1, "Fair socket floor", 9000, 25, 0));
		CellSummary cell = Summary.of(List.of(CELL), contenders, ms).get(0);
		ContenderSummary eofpool = cell.contenders().get(0);
		ContenderSummary fair = cell.contenders().get(3);
		assertTrue(fair.baseline());
		assertEquals(12000 / 12500.0, eofpool.vsFloor(), 1e-9);
		assertEquals(9000 / 12500.0, fair.vsFloor(), 1e-9);
		// never a peer either: the best peer stays HttpComponents
		assertEquals(1.2, eofpool.vsBestPeer(), 1e-9);
		String md = MarkdownReport.render(new RunInfo("d", "m", "0", "0", "s", "wrk", List.of("17"),
				java.util.Map.of(), "method", "cmd", ""), List.of(cell), "chart.svg");
		assertTrue(md.contains("| *eofpool ÷ JVM socket floor (req/s)* | 0.96× |"), md);
		assertTrue(md.contains("| *JVM socket floor ÷ best Spring peer (req/s)* | 1.25× |"), md);

		// without the floor itself in the run, nothing is set against the fair one
		CellSummary alone = Summary.of(List.of(CELL),
				List.of(Contenders.named("eofpool"), Contenders.named("httpcomponents"),
						Contenders.named("fairsocketfloor")),
				List.of(ms.get(0), ms.get(1), ms.get(3))).get(0);
		assertTrue(Double.isNaN(alone.contenders().get(0).vsFloor()));
	}

	@Test
	void theFloorSaysHowFarAClientThroughRestClientCouldGo() {
		List<Contender> contenders = List.of(Contenders.named("eofpool"), Contenders.named("httpcomponents"),
				Contenders.named("jvmsocketfloor"));
		List<Measurement> ms = List.of(m(1, "eofpool", 12000, 30, 2000), m(1, "HttpComponents", 10000, 40, 8000),
				m(1, "JVM socket floor", 12500, 20, 0));
		CellSummary cell = Summary.of(List.of(CELL), contenders, ms).get(0);
		String md = MarkdownReport.render(new RunInfo("d", "m", "0", "0", "s", "wrk", List.of("17"),
				java.util.Map.of(), "method", "cmd", ""), List.of(cell), "chart.svg");
		assertTrue(md.contains("| *JVM socket floor ÷ best Spring peer (req/s)* | 1.25× |"), md);
		assertTrue(md.contains("| *JVM socket floor ÷ lowest Spring peer (CPU/req)* | 0.50× |"), md);
		assertTrue(md.contains("| *eofpool ÷ JVM socket floor (req/s)* | 0.96× |"), md);
		// against the floor: req/s 0.96× (≥ 0.95 met), CPU 1.50× (≤ 1.1 missed); the best peer 1.20× (≥ 1.0 met)
		assertTrue(md.contains("| GET 1 KiB, c=16 | **eofpool** | ✅ 0.96× | ✅ 1.20× | ❌ 1.50× |"), md);
	}

	@Test
	void floorRatiosAreTakenWithinEachRound() {
		List<Contender> contenders = List.of(Contenders.named("eofpool"), Contenders.named("httpcomponents"),
				Contenders.named("jvmsocketfloor"));
		// round 2 runs at half speed; eofpool is 0.9× the floor's req/s and 1.2× its CPU in both
		List<Measurement> ms = List.of(m(1, "eofpool", 9000, 24, 2000), m(1, "HttpComponents", 8000, 40, 8000),
				m(1, "JVM socket floor", 10000, 20, 0), m(2, "eofpool", 4500, 48, 2000),
				m(2, "HttpComponents", 4000, 80, 8000), m(2, "JVM socket floor", 5000, 40, 0));
		ContenderSummary eofpool = Summary.of(List.of(CELL), contenders, ms).get(0).contenders().get(0);
		assertEquals(0.9, eofpool.vsFloor(), 1e-9);
		assertEquals(1.2, eofpool.cpuVsFloor(), 1e-9);
		ContenderSummary alone = Summary.of(List.of(CELL), List.of(Contenders.named("eofpool")),
				List.of(m(1, "eofpool", 9000, 24, 2000))).get(0).contenders().get(0);
		assertTrue(Double.isNaN(alone.vsFloor()));
	}

	@Test
	void virtualThreadCellsHoldP99AgainstTheBestCappedPeer() {
		Cell vt = Cell.parse("get1k:vt1000/64");
		List<Contender> contenders = List.of(Contenders.named("eofpool"), Contenders.named("httpcomponents"),
				Contenders.named("jvmsocketfloor"));
		// eofpool: 10,000 req/s, p99 2,000 µs, 30 µs CPU; the peer: 8,000, p99 5,000, 40; the floor: 10,000, 9,000, 24
		List<Measurement> ms = List.of(vtResult("eofpool", 2000, 30), vtResult("HttpComponents", 5000, 40),
				vtResult("JVM socket floor", 9000, 24));
		CellSummary cell = Summary.of(List.of(vt), contenders, ms).get(0);
		String md = MarkdownReport.render(new RunInfo("d", "m", "0", "0", "s", "wrk", List.of("25"),
				java.util.Map.of(), "method", "cmd", ""), List.of(cell), "chart.svg");
		// p99 2000 µs against the peer's 5000: 0.40×, within 0.5×
		assertTrue(md.contains("| ✅ 1.00× | ✅ 1.25× | ❌ 1.25× | ✅ 0.40× |"), md);
	}

	private static Measurement vtResult(String contender, double p99Micros, double cpuMicros) {
		long requests = contender.equals("HttpComponents") ? 80000 : 100000;
		return new Measurement(1, new CellResult(contender, Cell.parse("get1k:vt1000/64").id(), requests, 10, 100,
				p99Micros, p99Micros * 2, cpuMicros, 2000, 0, 0, 64, 0, 0, 0, "", "25"));
	}
}
