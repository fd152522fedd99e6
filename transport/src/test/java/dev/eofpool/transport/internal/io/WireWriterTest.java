package dev.eofpool.transport.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WireWriterTest {

	@Test
	void aSmallHeadLeavesInOneWriteAtFlush() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire);
		writer.writeAscii("GET / HTTP/1.1\r\nHost: a:");
		writer.writeDecimal(8080);
		writer.writeAscii("\r\n\r\n");
		assertThat(wire.writes()).isZero();
		writer.flush();
		assertThat(wire.writes()).isEqualTo(1);
		assertThat(wire.written()).isEqualTo("GET / HTTP/1.1\r\nHost: a:8080\r\n\r\n");
		assertThat(writer.bytesWritten()).isEqualTo(wire.written().length());
	}

	/** A URI part: visible ASCII as it is, anything else as percent-encoded UTF-8, across buffer boundaries too. */
	@Test
	void uriPartsSendVisibleAsciiAsItIsAndEveryOtherCharacterPercentEncoded() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire, new BufferPool(8, 1));
		writer.writeUriPart("/a-b_c.d~e%20f?g=h&i");
		writer.writeByte('|');
		writer.writeUriPart("ab\u00e9cdefgh\uD83D\uDE00\u20ac\uD800x\r\n \u007f\uDC00");
		writer.flush();
		assertThat(wire.written())
			.isEqualTo("/a-b_c.d~e%20f?g=h&i|ab%C3%A9cdefgh%F0%9F%98%80%E2%82%AC%EF%BF%BDx%0D%0A%20%7F%EF%BF%BD");
	}

	@Test
	void decimalsAreWrittenDigitByDigit() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire);
		for (long value : new long[] { 0, 7, 10, 99, 100, 65535, Long.MAX_VALUE }) {
			writer.writeDecimal(value);
			writer.writeByte(',');
		}
		writer.flush();
		assertThat(wire.written()).isEqualTo("0,7,10,99,100,65535," + Long.MAX_VALUE + ",");
		assertThatIllegalArgumentException().isThrownBy(() -> writer.writeDecimal(-1));
	}

	@Test
	void textLongerThanTheBufferIsSentInBufferSizedPiecesWithEveryCharacter() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire, new BufferPool(8, 1));
		String text = "abcdefghijklmnopqrstuvwxyz0123456789";
		writer.writeAscii("");
		writer.writeAscii(text);
		writer.writeAscii("!");
		writer.flush();
		assertThat(wire.written()).isEqualTo(text + "!");
		assertThat(wire.writes()).isEqualTo(5); // 8 + 8 + 8 + 8 full buffers, then the last 5 bytes
		assertThat(writer.bytesWritten()).isEqualTo(text.length() + 1);
	}

	@Test
	void aNumberThatDoesNotFitTheBufferLeftIsNotSplitAndOneLongerThanTheBufferStillGoesOut() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire, new BufferPool(8, 1));
		writer.writeAscii("abcde");
		writer.writeDecimal(65535);
		assertThat(wire.written()).isEqualTo("abcde"); // flushed so that the five digits stay together
		writer.writeDecimal(Long.MAX_VALUE);
		writer.flush();
		assertThat(wire.written()).isEqualTo("abcde65535" + Long.MAX_VALUE);
	}

	@Test
	void overTlsALargeWriteGoesStraightToTheWireAfterWhatIsBuffered() throws IOException {
		ScriptedWire wire = new ScriptedWire(new byte[0], 1, true);
		WireWriter writer = new WireWriter(wire);
		writer.writeAscii("head");
		byte[] body = new byte[10_000];
		writer.write(body, 0, 10_000);
		// the head with the body's first bytes filling the buffer (one record), then the rest in one call
		assertThat(wire.writes()).isEqualTo(2);
		assertThat(wire.arrays().get(1)).as("the rest written from the caller's array").isSameAs(body);
		assertThat(wire.written()).hasSize(10_004);
		assertThat(writer.bytesWritten()).isEqualTo(10_004);
	}

	@Test
	void overTlsAHeadAndABodyThatFitOneRecordLeaveInOneWrite() throws IOException {
		ScriptedWire wire = new ScriptedWire(new byte[0], 1, true);
		WireWriter writer = new WireWriter(wire, new BufferPool(WireWriter.TLS_BUFFER_SIZE, 1));
		writer.writeAscii("POST / HTTP/1.1\r\nContent-Length: 10000\r\n\r\n");
		writer.write(new byte[10_000], 0, 10_000);
		writer.flush();
		assertThat(wire.writes()).as("one array, so one TLS record").isEqualTo(1);
	}

	@Test
	void overTlsALargeBodyTakesNoRecordMoreThanItsLengthNeeds() throws IOException {
		ScriptedWire wire = new ScriptedWire(new byte[0], 1, true);
		WireWriter writer = new WireWriter(wire, new BufferPool(WireWriter.TLS_BUFFER_SIZE, 1));
		String head = "POST / HTTP/1.1\r\nContent-Length: 60000\r\n\r\n";
		writer.writeAscii(head);
		byte[] body = new byte[60_000];
		new java.util.Random(7).nextBytes(body);
		writer.write(body, 0, body.length);
		writer.flush();
		// one full record of the head and the body's first bytes, then the rest from the caller's array, which the
		// TLS socket cuts into records (16,383 bytes each with TLS 1.3's AES-GCM): 4 records, as many as head + body
		// need, where the head alone in a record made 5
		assertThat(wire.arrays().get(wire.arrays().size() - 1)).isSameAs(body);
		int record = 16_383;
		assertThat(wire.lengths()).allSatisfy((n) -> assertThat(n).isGreaterThan(WireWriter.BUFFER_SIZE));
		assertThat(wire.lengths().stream().mapToInt((n) -> (n + record - 1) / record).sum()).isEqualTo(4);
		byte[] written = wire.written().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(written.length).isEqualTo(head.length() + body.length);
		assertThat(java.util.Arrays.copyOfRange(written, head.length(), written.length)).isEqualTo(body);
		assertThat(writer.bytesWritten()).isEqualTo(written.length);
	}

	@Test
	void onAGatheringWireTheHeadAndALargeBodyLeaveInOneWriteFromTheCallersArray() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire);
		writer.writeAscii("head");
		byte[] body = "0123456789".repeat(1_000).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		writer.write(body, 0, body.length);
		writer.flush();
		assertThat(wire.writes()).as("one gathering write, nothing left for the flush").isEqualTo(1);
		assertThat(wire.arrays()).hasSize(2);
		assertThat(wire.arrays().get(1)).as("the body written from the caller's array, not copied").isSameAs(body);
		assertThat(wire.written()).isEqualTo("head" + "0123456789".repeat(1_000));
		assertThat(writer.bytesWritten()).isEqualTo(10_004);
	}

	@Test
	void onAGatheringWireABodyThatOverflowsTheBufferByLittleLeavesWithTheHeadInOneWrite() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire);
		writer.writeAscii("POST / HTTP/1.1\r\n\r\n");
		byte[] body = new byte[WireWriter.BUFFER_SIZE - 10]; // shorter than the buffer, longer than what is left
		writer.write(body, 0, body.length);
		writer.flush();
		assertThat(wire.writes()).isEqualTo(1);
		assertThat(wire.arrays().get(1)).isSameAs(body);
	}

	@Test
	void aWriteThatFitsIsBufferedWithTheHeadOnEitherWire() throws IOException {
		for (boolean tls : new boolean[] { false, true }) {
			ScriptedWire wire = new ScriptedWire(new byte[0], 1, tls);
			WireWriter writer = new WireWriter(wire);
			writer.writeAscii("head");
			writer.write(new byte[1024], 0, 1024);
			writer.flush();
			assertThat(wire.writes()).as("tls %s", tls).isEqualTo(1);
			assertThat(wire.arrays()).hasSize(1);
		}
	}
}
