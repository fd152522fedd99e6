package dev.eofpool.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CellAndResultTest {

	@Test
	void parsesWhatItPrints() {
		for (String id : new String[] { "get1k:c1", "get64k:c64", "post1k:vt1000/64" }) {
			assertEquals(id, Cell.parse(id).id());
		}
		Cell vt = Cell.parse("post1k:vt1000/64");
		assertEquals(1000, vt.threads());
		assertEquals(64, vt.connections());
		assertEquals("POST 1 KiB, 1000 VT / 64", vt.label());
		assertEquals("GET 64 KiB, c=16", Cell.parse("get64k:c16").label());
	}

	@Test
	void refusesMalformedCells() {
		assertThrows(IllegalArgumentException.class, () -> Cell.parse("get1k"));
		assertThrows(IllegalArgumentException.class, () -> Cell.parse("get2k:c1"));
		assertThrows(IllegalArgumentException.class, () -> Cell.parse("get1k:x1"));
		assertThrows(IllegalArgumentException.class, () -> Cell.parse("get1k:c0"));
	}

	@Test
	void resultLineRoundTrips() {
		CellResult r = new CellResult("raw OkHttp", "get1k:c16", 12345, 2.5, 101.5, 900.25, 5000, 55.5, 9000.5, 3, 12,
				16, 0, 1, 2, "boom\twith\ttabs", "17.0.15");
		CellResult back = CellResult.parse(r.toLine());
		assertEquals(r.contender(), back.contender());
		assertEquals(r.requests(), back.requests());
		assertEquals(4938.0, back.requestsPerSecond(), 1e-9);
		assertEquals(r.allocatedBytesPerRequest(), back.allocatedBytesPerRequest());
		assertEquals("boom with tabs", back.firstError());
		assertEquals(12, back.jitMillis());
	}
}
