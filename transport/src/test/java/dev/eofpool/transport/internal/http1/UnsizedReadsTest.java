package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TruncatedBodyException;
import dev.eofpool.transport.internal.io.ScriptedWire;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * A chunked body read in bulk ({@code readAllBytes}, {@code readNBytes}) goes into one array sized chunk by chunk: a
 * body of one chunk into an array of its size, returned as it is, and never an array larger than what came allows.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UnsizedReadsTest {

	private static final Route ROUTE = new Route("http", "example.test", 80);

	private final BodyEndContractTest.RecordingEnd end = new BodyEndContractTest.RecordingEnd();

	@Test
	void aBodyOfOneChunkIsReadIntoOneArrayOfItsSize() throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		int size = 64 * 1024;
		byte[] body = pattern(size, 1);
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			ChunkedBody stream = chunked(DecodingOverTheEofGateTest.chunked(body, size), 16 * 1024, new BodyEndContractTest.RecordingEnd());
			long before = ThreadAllocations.ofCurrentThread();
			byte[] read = stream.readAllBytes();
			least = Math.min(least, ThreadAllocations.ofCurrentThread() - before);
			assertThat(read).isEqualTo(body);
		}
		// the JDK's readAllBytes collects 8 KiB arrays and copies them into the result: twice the body; here the
		// body's array and the reader's buffer for the framing lines (a new reader's, lent by a transport's pool)
		assertThat(least).as("bytes allocated reading a %d-byte chunk", size)
			.isLessThan(size + WireReader.BUFFER_SIZE + 1024);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 1000, 8192, 70_000 })
	void aBodyOfManyChunksArrivesIntactAndEndsOnce(int chunk) throws IOException {
		byte[] body = pattern(300_001, chunk);
		ChunkedBody stream = chunked(DecodingOverTheEofGateTest.chunked(body, chunk), 5000, this.end);
		assertThat(stream.readAllBytes()).isEqualTo(body);
		assertThat(this.end.hooks).containsExactly("complete");
		assertThat(stream.read()).isEqualTo(-1);
	}

	@Test
	void aBodyOfManySmallChunksGrowsItsArrayByDoubling() throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		byte[] body = pattern(300_000, 9);
		byte[] framed = DecodingOverTheEofGateTest.chunked(body, 1000);
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 3; round++) {
			ChunkedBody stream = chunked(framed, 64 * 1024, new BodyEndContractTest.RecordingEnd());
			long before = ThreadAllocations.ofCurrentThread();
			assertThat(stream.readAllBytes()).isEqualTo(body);
			least = Math.min(least, ThreadAllocations.ofCurrentThread() - before);
		}
		// doubling: the arrays sum to at most twice the last one, and the result; an array per chunk would be ~45 GB
		assertThat(least).as("bytes allocated reading 300 chunks").isLessThan(5L * body.length);
	}

	@Test
	void readNBytesStopsAtItsCountAndTheRestFollows() throws IOException {
		byte[] body = pattern(20_000, 3);
		ChunkedBody stream = chunked(DecodingOverTheEofGateTest.chunked(body, 6000), 4096, this.end);
		byte[] first = stream.readNBytes(9000);
		assertThat(first).isEqualTo(java.util.Arrays.copyOf(body, 9000));
		assertThat(this.end.hooks).isEmpty();
		ByteArrayOutputStream rest = new ByteArrayOutputStream();
		rest.write(stream.readAllBytes());
		assertThat(rest.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(body, 9000, body.length));
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void anEmptyChunkedBodyIsAnEmptyArray() throws IOException {
		ChunkedBody stream = chunked("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 100, this.end);
		assertThat(stream.readAllBytes()).isEmpty();
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aMarkedFirstByteIsReadAgainIntoTheArray() throws IOException {
		byte[] body = pattern(10_000, 5);
		ChunkedBody stream = chunked(DecodingOverTheEofGateTest.chunked(body, 10_000), 100_000, this.end);
		stream.mark(1);
		assertThat(stream.read()).isEqualTo(body[0] & 0xff);
		stream.reset();
		assertThat(stream.readAllBytes()).isEqualTo(body);
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aChunkSizeTheServerDoesNotSendIsNotAllocatedAtOnce() {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		long least = Long.MAX_VALUE;
		for (int round = 0; round < 3; round++) { // the first round loads the failure's classes
			BodyEndContractTest.RecordingEnd ends = new BodyEndContractTest.RecordingEnd();
			ChunkedBody stream = chunked("40000000\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1), 100, ends);
			long before = ThreadAllocations.ofCurrentThread();
			assertThatExceptionOfType(TruncatedBodyException.class).isThrownBy(stream::readAllBytes)
				.withMessageContaining("example.test:80");
			least = Math.min(least, ThreadAllocations.ofCurrentThread() - before);
			assertThat(ends.hooks).containsExactly("fail TRUNCATED_BODY");
		}
		assertThat(least).as("bytes allocated for a chunk claiming 1 GiB").isLessThan(2L * SizedReads.FIRST_ARRAY_MAX);
	}

	private static ChunkedBody chunked(byte[] wire, int chunk, BodyEnd end) {
		return new ChunkedBody(new WireReader(new ScriptedWire(wire, chunk), ROUTE), end, ROUTE,
				HeadLimits.of(TransportConfig.defaults()));
	}

	private static byte[] pattern(int size, long seed) {
		byte[] b = new byte[size];
		new Random(seed).nextBytes(b);
		return b;
	}
}
