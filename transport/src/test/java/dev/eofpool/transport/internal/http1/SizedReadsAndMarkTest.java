package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.io.ScriptedWire;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * A body of known length read in bulk goes into one array of its size, straight from the wire; the one-byte mark
 * gives the byte back without ending the body twice or early.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SizedReadsAndMarkTest {

	private static final Route ROUTE = new Route("http", "example.test", 80);

	private static final int SIZE = 64 * 1024;

	private final BodyEndContractTest.RecordingEnd end = new BodyEndContractTest.RecordingEnd();

	@Test
	void readAllBytesCopiesWhatCameWithTheHeadAndReadsTheRestStraightIntoOneArray() throws IOException {
		byte[] body = pattern(SIZE);
		ScriptedWire wire = new ScriptedWire(concat("HTTP/1.1 200 OK\r\n".getBytes(), body), 1024 * 1024);
		WireReader reader = new WireReader(wire, ROUTE);
		assertThat(reader.readLine(100, "status line").length()).isEqualTo(15); // fills the buffer with body too
		FixedLengthBody stream = new FixedLengthBody(reader, this.end, SIZE, ROUTE);
		assertThat(stream.readAllBytes()).isEqualTo(body);
		assertThat(this.end.hooks).containsExactly("complete");
		assertThat(wire.reads()).as("wire reads: the head's fill, then the rest of the body at once").isEqualTo(2);
	}

	@Test
	void readNBytesAllocatesTheBodysArrayOnly() throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		byte[] body = pattern(SIZE);
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			WireReader reader = new WireReader(new ScriptedWire(body, 16 * 1024), ROUTE);
			FixedLengthBody stream = new FixedLengthBody(reader, new BodyEndContractTest.RecordingEnd(), SIZE, ROUTE);
			long before = ThreadAllocations.ofCurrentThread();
			byte[] read = stream.readNBytes(SIZE);
			least = Math.min(least, ThreadAllocations.ofCurrentThread() - before);
			assertThat(read).isEqualTo(body);
		}
		// the JDK's readNBytes collects 8 KiB arrays and copies them into the result: twice the body
		assertThat(least).as("bytes allocated reading a %d-byte body", SIZE).isLessThan(SIZE + 1024);
	}

	@Test
	void transferToAsksOneBytePastTheBodySoNothingFollowingNeedsNoSocketCheck() throws IOException {
		byte[] body = pattern(SIZE);
		ScriptedWire wire = new ScriptedWire(body, 1024 * 1024);
		WireReader reader = new WireReader(wire, ROUTE);
		FixedLengthBody stream = new FixedLengthBody(reader, this.end, SIZE, ROUTE);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(stream.transferTo(out)).isEqualTo(SIZE);
		assertThat(out.toByteArray()).isEqualTo(body);
		assertThat(this.end.hooks).containsExactly("complete");
		assertThat(wire.reads()).isEqualTo(1);
		assertThat(reader.hasUnreadBytes()).isFalse();
		assertThat(wire.availableCalls()).as("socket checks").isZero();

		WireReader followed = new WireReader(new ScriptedWire(concat(body, "HTTP/1.1".getBytes()), 1024 * 1024),
				ROUTE);
		new FixedLengthBody(followed, new BodyEndContractTest.RecordingEnd(), SIZE, ROUTE)
			.transferTo(new ByteArrayOutputStream());
		assertThat(followed.hasUnreadBytes()).isTrue(); // the byte read past the body is kept, not taken for it
	}

	@Test
	void readNBytesOfExactlyTheBodyLeavesNoSocketCheckOnAPlainWire() throws IOException {
		byte[] body = pattern(SIZE);
		ScriptedWire wire = new ScriptedWire(concat("HTTP/1.1 200 OK\r\n".getBytes(), body), 1024 * 1024);
		WireReader reader = new WireReader(wire, ROUTE);
		reader.readLine(100, "status line");
		FixedLengthBody stream = new FixedLengthBody(reader, this.end, SIZE, ROUTE);
		// the array is exactly the body: its last read also offers the emptied buffer, in the same call
		assertThat(stream.readNBytes(SIZE)).isEqualTo(body);
		assertThat(this.end.hooks).containsExactly("complete");
		assertThat(wire.reads()).as("wire reads: the head's fill, then the rest of the body at once").isEqualTo(2);
		assertThat(reader.hasUnreadBytes()).isFalse();
		assertThat(wire.availableCalls()).as("socket checks").isZero();

		ScriptedWire followedWire = new ScriptedWire(
				concat("HTTP/1.1 200 OK\r\n".getBytes(), concat(body, "HTTP/1.1".getBytes())), 1024 * 1024);
		WireReader followed = new WireReader(followedWire, ROUTE);
		followed.readLine(100, "status line");
		assertThat(new FixedLengthBody(followed, new BodyEndContractTest.RecordingEnd(), SIZE, ROUTE).readAllBytes())
			.isEqualTo(body);
		assertThat(followed.hasUnreadBytes()).as("the bytes read past the body are kept, not taken for it").isTrue();
		assertThat(followed.bufferedBytes()).isEqualTo(8);
		assertThat(followedWire.availableCalls()).isZero();
	}

	@Test
	void overTlsReadNBytesOfExactlyTheBodyReadsOnlyIntoTheArray() throws IOException {
		byte[] body = pattern(SIZE);
		ScriptedWire wire = new ScriptedWire(concat(body, "HTTP/1.1".getBytes()), 1024 * 1024, true);
		WireReader reader = new WireReader(wire, ROUTE);
		assertThat(new FixedLengthBody(reader, this.end, SIZE, ROUTE).readNBytes(SIZE)).isEqualTo(body);
		assertThat(reader.bufferedBytes()).as("nothing read past the body").isZero();
		assertThat(reader.hasUnreadBytes()).as("the TLS layer is asked what it decrypted").isTrue();
	}

	@Test
	void aBodyLargerThanTheFirstArrayArrivesIntact() throws IOException {
		int size = 3 * SizedReads.FIRST_ARRAY_MAX + 5;
		byte[] body = pattern(size);
		FixedLengthBody stream = new FixedLengthBody(new WireReader(new ScriptedWire(body, 100_000), ROUTE), this.end,
				size, ROUTE);
		assertThat(stream.readAllBytes()).isEqualTo(body);
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aLengthTheServerDoesNotSendIsNotAllocatedAtOnce() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		long claimed = 1L << 30;
		FixedLengthBody stream = new FixedLengthBody(new WireReader(new ScriptedWire(pattern(10), 10), ROUTE),
				this.end, claimed, ROUTE);
		long before = ThreadAllocations.ofCurrentThread();
		assertThatExceptionOfType(TruncatedBodyException.class).isThrownBy(stream::readAllBytes)
			.withMessageContaining("example.test:80")
			.withMessageContaining("ended after 10 of " + claimed + " bytes");
		assertThat(ThreadAllocations.ofCurrentThread() - before).isLessThan(2L * SizedReads.FIRST_ARRAY_MAX);
		assertThat(this.end.hooks).containsExactly("fail TRUNCATED_BODY");
	}

	@Test
	void theMarkedLastByteIsReadAgainWithoutEndingTheBodyTwice() throws IOException {
		FixedLengthBody stream = body("z");
		stream.mark(1);
		assertThat(stream.read()).isEqualTo('z');
		assertThat(this.end.hooks).containsExactly("complete"); // inside the read of the last byte
		stream.reset();
		assertThat(stream.available()).isEqualTo(1);
		assertThat(stream.read()).isEqualTo('z');
		assertThat(stream.read()).isEqualTo(-1);
		stream.reset(); // the mark stays
		assertThat(stream.readAllBytes()).containsExactly('z');
		assertThat(stream.read(new byte[4], 0, 4)).isEqualTo(-1);
		stream.close();
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aPeekAtALongerBodyDoesNotEndItAndTheByteComesFirst() throws IOException {
		FixedLengthBody stream = body("hello");
		stream.mark(1);
		assertThat(stream.read()).isEqualTo('h');
		stream.reset();
		assertThat(this.end.hooks).isEmpty();
		assertThat(new String(stream.readNBytes(5))).isEqualTo("hello");
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void anEmptyBodyCanBeMarkedAndReset() throws IOException {
		FixedLengthBody stream = new FixedLengthBody(new WireReader(ScriptedWire.of("", 1), ROUTE), this.end, 0,
				ROUTE);
		stream.mark(1);
		assertThat(stream.read()).isEqualTo(-1);
		stream.reset();
		assertThat(stream.read()).isEqualTo(-1);
		assertThat(stream.readAllBytes()).isEmpty();
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aBodyClosedAfterAPeekIsDrainedOnce() throws IOException {
		FixedLengthBody stream = body("hello");
		stream.mark(1);
		stream.read();
		stream.reset();
		stream.close();
		assertThat(this.end.hooks).containsExactly("drainStarts", "drainedToEnd");
		assertThatIOException().isThrownBy(stream::reset).withMessageContaining("closed");
	}

	@Test
	void aMarkKeepsOneByteWhateverItsLimit() throws IOException {
		FixedLengthBody stream = body("hello");
		stream.mark(100);
		assertThat(stream.read()).isEqualTo('h');
		stream.reset();
		assertThat(stream.read(new byte[3], 0, 3)).isEqualTo(1); // the kept byte comes alone
		assertThat(stream.read()).isEqualTo('e');
		assertThatIOException().isThrownBy(stream::reset)
			.withMessageContaining("example.test:80")
			.withMessageContaining("more than one byte");
		assertThat(new String(stream.readAllBytes())).isEqualTo("llo");
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aDecodedBodyIsPeekedAtThroughItsOwnMarkAndEndsItsWireBodyOnce() throws IOException {
		byte[] text = InflatingStreamTest.text(SIZE, 7); // compresses to more than one wire read
		byte[] gzip = InflatingStreamTest.gzip(text);
		FixedLengthBody wire = new FixedLengthBody(new WireReader(new ScriptedWire(gzip, 4096), ROUTE), this.end,
				gzip.length, ROUTE);
		InflatingStream decoded = new InflatingStream(wire, InflatingStream.Format.GZIP, ROUTE, 0, "max");
		assertThat(decoded.markSupported()).isTrue();
		decoded.mark(1);
		assertThat(decoded.read()).isEqualTo(text[0]);
		decoded.reset();
		assertThat(decoded.available()).isEqualTo(1);
		assertThat(this.end.hooks).isEmpty();
		assertThat(decoded.readAllBytes()).isEqualTo(text);
		assertThat(this.end.hooks).containsExactly("complete");
		assertThatIOException().isThrownBy(decoded::reset).withMessageContaining("more than one byte");
		assertThat(decoded.read()).isEqualTo(-1);
		decoded.close();
		assertThat(this.end.hooks).containsExactly("complete");
		assertThatIOException().isThrownBy(decoded::reset).withMessageContaining("decoded response body from " + ROUTE)
			.withMessageContaining("closed");
	}

	@Test
	void anEmptyDecodedBodyIsPeekedAtAndEndsOnce() throws IOException {
		ChunkedBody wire = new ChunkedBody(new WireReader(ScriptedWire.of("0\r\n\r\n", 100), ROUTE), this.end, ROUTE,
				HeadLimits.of(dev.eofpool.transport.TransportConfig.defaults()));
		InflatingStream decoded = new InflatingStream(wire, InflatingStream.Format.GZIP, ROUTE, 0, "max");
		decoded.mark(1);
		assertThat(decoded.read()).isEqualTo(-1);
		assertThat(this.end.hooks).containsExactly("complete");
		decoded.reset();
		assertThat(decoded.readAllBytes()).isEmpty();
		assertThat(this.end.hooks).containsExactly("complete");
	}

	private FixedLengthBody body(String text) {
		return new FixedLengthBody(new WireReader(ScriptedWire.of(text, 100), ROUTE), this.end, text.length(), ROUTE);
	}

	private static byte[] pattern(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) ('a' + (i % 251) % 26);
		}
		return bytes;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}
}
