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
	void aLargeWriteGoesStraightToTheWireAfterWhatIsBuffered() throws IOException {
		ScriptedWire wire = ScriptedWire.of("", 1);
		WireWriter writer = new WireWriter(wire);
		writer.writeAscii("head");
		writer.write(new byte[10_000], 0, 10_000);
		assertThat(wire.writes()).isEqualTo(2); // the buffered head, then the large body in one call
		assertThat(writer.bytesWritten()).isEqualTo(10_004);
	}
}
