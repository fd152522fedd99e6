package dev.eofpool.transport.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.transport.HttpProtocolException;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WireReaderTest {

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 7, 8192 })
	void linesEndInCrlfOrLfWhateverHowTheBytesArrive(int chunk) throws IOException {
		WireReader reader = new WireReader(ScriptedWire.of("HTTP/1.1 200 OK\r\nA: b\n\r\nrest", chunk), "peer");
		assertThat(text(reader.readLine(100, "status line"))).isEqualTo("HTTP/1.1 200 OK");
		assertThat(text(reader.readLine(100, "header line"))).isEqualTo("A: b");
		Line empty = reader.readLine(100, "header line");
		assertThat(empty.isEmpty()).isTrue();
		byte[] rest = new byte[10];
		int n = reader.read(rest, 0, rest.length);
		assertThat(new String(rest, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("rest".substring(0, n));
	}

	@Test
	void theLineViewIsOneObjectMovedFromLineToLine() throws IOException {
		WireReader reader = new WireReader(ScriptedWire.of("one\r\ntwo\r\n", 8192), "peer");
		Line first = reader.readLine(100, "line");
		assertThat(text(first)).isEqualTo("one");
		Line second = reader.readLine(100, "line");
		assertThat(second).isSameAs(first);
		assertThat(text(second)).isEqualTo("two");
		assertThat(second.at(0)).isEqualTo((byte) 't');
		assertThat(second.end() - second.start()).isEqualTo(3);
	}

	@Test
	void endOfStreamBeforeALineIsNullAndInsideALineIsAnEofNamingThePeer() throws IOException {
		assertThat(new WireReader(ScriptedWire.of("", 10), "peer").readLine(100, "status line")).isNull();
		WireReader cut = new WireReader(ScriptedWire.of("HTTP/1.1 2", 4), "http://example.test");
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> cut.readLine(100, "status line"))
			.withMessage("Connection to http://example.test closed inside the status line after 10 bytes of it");
	}

	@Test
	void aLineOverItsLimitIsAProtocolErrorNamingTheLineAndThePeer() {
		WireReader reader = new WireReader(ScriptedWire.of("x".repeat(50) + "\r\n", 7), "http://example.test");
		assertThatExceptionOfType(HttpProtocolException.class).isThrownBy(() -> reader.readLine(20, "header line"))
			.withMessage("The header line from http://example.test is longer than the limit of 20 bytes");
	}

	@Test
	void aLineExactlyAtItsLimitPassesWithItsCrlf() throws IOException {
		WireReader reader = new WireReader(ScriptedWire.of("y".repeat(20) + "\r\n", 5), "peer");
		assertThat(text(reader.readLine(20, "line"))).isEqualTo("y".repeat(20));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1000, 8192 })
	void aLineLongerThanTheBufferIsCollectedWhole(int chunk) throws IOException {
		String longLine = "L".repeat(20_000);
		WireReader reader = new WireReader(ScriptedWire.of(longLine + "\r\nnext\n", chunk), "peer");
		assertThat(text(reader.readLine(30_000, "header line"))).isEqualTo(longLine);
		assertThat(text(reader.readLine(30_000, "header line"))).isEqualTo("next");
	}

	@Test
	void aLineMovedToTheBufferStartWhenItsTailDoesNotFit() throws IOException {
		// 8000 bytes of lines, then one that straddles the end of the 8 KiB buffer
		String filler = ("f".repeat(98) + "\r\n").repeat(80);
		String straddling = "s".repeat(500);
		WireReader reader = new WireReader(ScriptedWire.of(filler + straddling + "\r\n", 8192), "peer");
		for (int i = 0; i < 80; i++) {
			assertThat(reader.readLine(200, "line").length()).isEqualTo(98);
		}
		assertThat(text(reader.readLine(1000, "line"))).isEqualTo(straddling);
	}

	@Test
	void hasBufferedLineSaysWhetherReadLineWouldBlock() throws IOException {
		ScriptedWire wire = ScriptedWire.of("abc\r\nde", 8192);
		WireReader reader = new WireReader(wire, "peer");
		assertThat(reader.hasBufferedLine()).isFalse(); // nothing read yet
		reader.readLine(100, "line");
		assertThat(reader.hasBufferedLine()).isFalse(); // "de" has no line end
		assertThat(reader.bufferedBytes()).isEqualTo(2);
	}

	@Test
	void aLargeReadIntoAnEmptyBufferGoesStraightToTheWire() throws IOException {
		byte[] body = new byte[20_000];
		ScriptedWire wire = new ScriptedWire(body, 20_000);
		WireReader reader = new WireReader(wire, "peer");
		byte[] into = new byte[16_384];
		assertThat(reader.read(into, 0, into.length)).isEqualTo(16_384);
		assertThat(wire.reads()).isEqualTo(1);
		assertThat(reader.bytesRead()).isEqualTo(16_384);
		assertThat(reader.bufferedBytes()).isZero();
	}

	@Test
	void theWireIsAskedForUnreadBytesOnlyWhenTheLastReadFilledItsRoom() throws IOException {
		ScriptedWire partial = ScriptedWire.of("abc", 8192);
		WireReader reader = new WireReader(partial, "peer");
		reader.read(new byte[3], 0, 3);
		assertThat(reader.hasUnreadBytes()).isFalse();
		assertThat(partial.availableCalls()).isZero(); // the read returned less than its room: it took everything

		ScriptedWire full = new ScriptedWire(new byte[20_000], 10_000);
		WireReader filled = new WireReader(full, "peer");
		filled.read(new byte[10_000], 0, 10_000);
		assertThat(filled.hasUnreadBytes()).isTrue(); // the rest waits in the socket
		assertThat(full.availableCalls()).isEqualTo(1);
	}

	@Test
	void aBoundedReadThatTookTheLastBytesOfTheFramingNeedsNoLookAtTheSocket() throws IOException {
		ScriptedWire wire = new ScriptedWire(new byte[10_000], 20_000);
		WireReader reader = new WireReader(wire, "peer");
		byte[] into = new byte[16_384];
		assertThat(reader.readWithin(into, 0, into.length, 10_000)).isEqualTo(10_000);
		assertThat(wire.reads()).isEqualTo(1);
		assertThat(reader.hasUnreadBytes()).isFalse();
		assertThat(wire.availableCalls()).isZero(); // the wire returned less than asked: nothing more had arrived
	}

	@Test
	void aJsonParsersReadsOfNearlyTheBufferSizeGoStraightToTheWire() throws IOException {
		ScriptedWire wire = new ScriptedWire(new byte[64 * 1024], 64 * 1024);
		WireReader reader = new WireReader(wire, "peer");
		byte[] into = new byte[8000]; // Jackson's read buffer
		for (int i = 1; i <= 3; i++) {
			assertThat(reader.read(into, 0, into.length)).isEqualTo(8000);
			assertThat(wire.reads()).isEqualTo(i);
		}
		assertThat(reader.holdsBuffer()).as("a buffer borrowed for the copy").isFalse();
		assertThat(reader.read(new byte[7000], 0, 7000)).isEqualTo(7000); // smaller reads are buffered
		assertThat(reader.bufferedBytes()).isEqualTo(8192 - 7000);
	}

	@Test
	void theLastBytesOfAFramingSkipTheBufferWhenTheCallersArrayHasRoomPastThem() throws IOException {
		ScriptedWire wire = new ScriptedWire(new byte[5_000], 20_000);
		WireReader reader = new WireReader(wire, "peer");
		byte[] into = new byte[16_384];
		assertThat(reader.readWithin(into, 0, into.length, 5_000)).isEqualTo(5_000);
		assertThat(wire.reads()).isEqualTo(1);
		assertThat(reader.holdsBuffer()).as("a buffer borrowed for the copy").isFalse();
		assertThat(reader.hasUnreadBytes()).isFalse();
		assertThat(wire.availableCalls()).isZero();
	}

	@Test
	void aByteReceivedPastTheBoundIsKeptUnreadAndTheCallersArrayLeftAsItWas() throws IOException {
		byte[] input = new byte[10_002];
		input[10_000] = 'X';
		input[10_001] = 'Y';
		ScriptedWire wire = new ScriptedWire(input, 20_000);
		WireReader reader = new WireReader(wire, "peer");
		byte[] into = new byte[16_384];
		into[10_000] = 7;
		assertThat(reader.readWithin(into, 0, into.length, 10_000)).isEqualTo(10_000);
		assertThat(into[10_000]).isEqualTo((byte) 7);
		assertThat(reader.bufferedBytes()).isEqualTo(1);
		assertThat(reader.hasUnreadBytes()).isTrue();
		assertThat(reader.bytesRead()).isEqualTo(10_001);
		byte[] rest = new byte[2];
		assertThat(reader.read(rest, 0, 2)).isEqualTo(1);
		assertThat(rest[0]).isEqualTo((byte) 'X');
		assertThat(reader.read(rest, 0, 2)).isEqualTo(1);
		assertThat(rest[0]).isEqualTo((byte) 'Y');
	}

	@Test
	void overTlsTheDecryptedBytesBelowTheBufferCount() throws IOException {
		ScriptedWire tls = new ScriptedWire("abcdef".getBytes(StandardCharsets.ISO_8859_1), 3, true);
		WireReader reader = new WireReader(tls, "peer");
		reader.read(new byte[3], 0, 3);
		assertThat(reader.available()).isEqualTo(3);
		assertThat(reader.hasUnreadBytes()).isTrue();
	}

	private static String text(Line line) {
		return new String(line.array(), line.start(), line.length(), StandardCharsets.ISO_8859_1);
	}
}
