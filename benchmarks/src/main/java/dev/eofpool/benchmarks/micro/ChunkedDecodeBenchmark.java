package dev.eofpool.benchmarks.micro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.http1.BodyEnd;
import dev.eofpool.transport.internal.http1.ChunkedBody;
import dev.eofpool.transport.internal.http1.HeadLimits;

/**
 * Decoding a {@code Transfer-Encoding: chunked} body of 4 KiB with eofpool's {@link ChunkedBody}, in chunks of
 * {@code chunkSize} bytes, read to EOF into a 8 KiB buffer as a caller would. {@value #BATCH} bodies per loopback
 * write; one operation is one whole body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChunkedDecodeBenchmark {

	static final int BATCH = 8;

	static final int BODY = 4096;

	@Param({ "128", "1024", "4096" })
	public int chunkSize;

	private LoopbackFeed feed;

	private HeadLimits limits;

	private final byte[] scratch = new byte[8192];

	private final BodyEnd ignore = new IgnoredEnd();

	@Setup(Level.Trial)
	public void open() throws IOException {
		this.feed = new LoopbackFeed(LoopbackFeed.repeat(chunked(BODY, this.chunkSize), BATCH));
		this.limits = HeadLimits.of(TransportConfig.defaults());
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.feed.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long decode() throws IOException {
		this.feed.feed();
		long total = 0;
		for (int i = 0; i < BATCH; i++) {
			ChunkedBody body = new ChunkedBody(this.feed.reader(), this.ignore, this.feed.route(), this.limits);
			int n;
			while ((n = body.read(this.scratch, 0, this.scratch.length)) >= 0) {
				total += n;
			}
		}
		if (total != (long) BODY * BATCH) {
			throw new IllegalStateException("decoded " + total + " bytes");
		}
		return total;
	}

	static byte[] chunked(int length, int chunkSize) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int sent = 0; sent < length; sent += chunkSize) {
			int n = Math.min(chunkSize, length - sent);
			out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			for (int i = 0; i < n; i++) {
				out.write('a' + (i % 26));
			}
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		return out.toByteArray();
	}

	/** The exchange's side of the body, reduced to nothing: the connection stays with the benchmark. */
	private static final class IgnoredEnd implements BodyEnd {

		@Override
		public void complete() {
		}

		@Override
		public void fail(CloseReason reason, IOException cause) {
			throw new IllegalStateException("chunked body failed: " + reason, cause);
		}

		@Override
		public void abandon(CloseReason reason) {
		}

		@Override
		public void drainedToEnd() {
		}

		@Override
		public long drainMaxBytes() {
			return 0;
		}

		@Override
		public void drainStarts() {
		}

		@Override
		public boolean drainTimeUp() {
			return false;
		}

		@Override
		public int readTimeoutMillis() {
			return 0;
		}
	}
}
