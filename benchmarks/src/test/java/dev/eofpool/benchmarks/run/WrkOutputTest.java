package dev.eofpool.benchmarks.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

import dev.eofpool.benchmarks.load.Cell;
import dev.eofpool.benchmarks.load.CellResult;

class WrkOutputTest {

	private static final String OUTPUT = """
			Running 10s test @ http://127.0.0.1:40259/1k
			  2 threads and 16 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency   356.00us  828.94us  11.74ms   89.66%
			    Req/Sec    13.48k     7.67k   26.26k    60.00%
			  Latency Distribution
			     50%   56.00us
			     75%  108.00us
			     90%    1.23ms
			     99%    3.65ms
			  268230 requests in 10.00s, 321.30MB read
			  Non-2xx or 3xx responses: 3
			Requests/sec:  26823.00
			Transfer/sec:     32.06MB
			""";

	@Test
	void readsThroughputPercentilesAndErrors() {
		CellResult r = Wrk.parse(Cell.parse("get1k:c16"), OUTPUT, 2_682_300_000L, "4.1.0");
		assertEquals(268230, r.requests());
		assertEquals(26823.0, r.requestsPerSecond(), 0.5);
		assertEquals(56.0, r.p50Micros(), 1e-9);
		assertEquals(3650.0, r.p99Micros(), 1e-9);
		assertEquals(10.0, r.cpuMicrosPerRequest(), 1e-6);
		assertEquals(3, r.errors());
	}

	@Test
	void reportsOutputWithoutResultAsNotRun() {
		assertFalse(Wrk.parse(Cell.parse("get1k:c1"), "unable to connect to 127.0.0.1:1", -1, "4.1.0").ran());
	}
}
