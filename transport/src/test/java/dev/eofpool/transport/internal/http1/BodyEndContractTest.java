package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.io.ScriptedWire;
import dev.eofpool.transport.internal.io.WireReader;

/** Each body calls exactly one of {@link BodyEnd}'s end hooks, once, whichever way it ends. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BodyEndContractTest {

	private static final Route ROUTE = new Route("http", "example.test", 80);

	private static final HeadLimits HEAD_LIMITS = HeadLimits.of(TransportConfig.builder().build());

	private final RecordingEnd end = new RecordingEnd();

	@Test
	void readToTheEndCallsCompleteInsideTheLastRead() throws IOException {
		FixedLengthBody body = new FixedLengthBody(reader("0123456789", 4), this.end, 10, ROUTE);
		byte[] into = new byte[4];
		int total = 0;
		while (total < 10) {
			assertThat(this.end.hooks).isEmpty();
			total += body.read(into, 0, into.length);
		}
		assertThat(this.end.hooks).containsExactly("complete");
		assertThat(body.read(into, 0, 4)).isEqualTo(-1);
		body.close();
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void anEmptyBodyHasCompletedWhenItIsOpened() {
		FixedLengthBody body = new FixedLengthBody(reader("", 1), this.end, 0, ROUTE);
		body.close();
		assertThat(this.end.hooks).containsExactly("complete");
	}

	@Test
	void aDrainThatReachesTheEndCallsDrainedToEndOnlyNeverComplete() throws IOException {
		FixedLengthBody body = new FixedLengthBody(reader("x".repeat(100), 7), this.end, 100, ROUTE);
		body.readNBytes(10);
		body.close();
		assertThat(this.end.hooks).containsExactly("drainStarts", "drainedToEnd");
		body.close();
		assertThat(this.end.hooks).containsExactly("drainStarts", "drainedToEnd");
	}

	@Test
	void aChunkedDrainCallsDrainedToEndOnce() throws IOException {
		String chunked = "5\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n";
		ChunkedBody body = new ChunkedBody(reader(chunked, 3), this.end, ROUTE, HeadLimits.of(TransportConfig.defaults()));
		assertThat(body.read()).isEqualTo('h');
		body.close();
		assertThat(this.end.hooks).containsExactly("drainStarts", "drainedToEnd");
	}

	@Test
	void moreLeftThanTheDrainMayReadIsAbandonedWithoutReading() throws IOException {
		this.end.drainMaxBytes = 10;
		FixedLengthBody body = new FixedLengthBody(reader("x".repeat(100), 100), this.end, 100, ROUTE);
		body.read();
		body.close();
		assertThat(this.end.hooks).containsExactly("abandon DRAIN_LIMIT");
	}

	@Test
	void aDrainOutOfTimeIsAbandoned() throws IOException {
		this.end.timeUp = true;
		FixedLengthBody body = new FixedLengthBody(reader("x".repeat(100), 100), this.end, 100, ROUTE);
		body.read();
		body.close();
		assertThat(this.end.hooks).containsExactly("drainStarts", "abandon DRAIN_TIMEOUT");
	}

	@Test
	void aTruncatedBodyFailsOnceAndLaterCallsCallNoHook() throws IOException {
		FixedLengthBody body = new FixedLengthBody(reader("01234", 5), this.end, 10, ROUTE);
		body.readNBytes(5);
		assertThatIOException().isThrownBy(body::read);
		assertThatIOException().isThrownBy(body::read).withMessageContaining("already failed");
		body.close();
		assertThat(this.end.hooks).containsExactly("fail TRUNCATED_BODY");
	}

	@Test
	void aBodyUntilCloseClosedEarlyIsAbandoned() throws IOException {
		UntilCloseBody body = new UntilCloseBody(reader("abc", 3), this.end, ROUTE);
		body.read();
		body.close();
		assertThat(this.end.hooks).containsExactly("abandon READ_UNTIL_CLOSE");
	}

	@Test
	void aContentLengthBodyEndsAtItsLastByteAndLeavesWhatFollowsUnread() throws IOException {
		String length = String.valueOf(10_000);
		ResponseHead head = new ResponseHead(1, 200, "", HttpHeaders.ofParsed(new ArrayList<>(List.of("content-length",
				length))));
		ScriptedWire exact = ScriptedWire.of("x".repeat(10_000), 20_000);
		WireReader reader = new WireReader(exact, ROUTE);
		BodyStream body = BodyFraming.CONTENT_LENGTH.open(head, reader, this.end, ROUTE, HEAD_LIMITS);
		assertThat(body.read(new byte[16_384])).isEqualTo(10_000);
		assertThat(this.end.hooks).containsExactly("complete");
		assertThat(reader.hasUnreadBytes()).isFalse();
		assertThat(exact.availableCalls()).isZero(); // the read asked past the body and got less: nothing followed

		RecordingEnd followed = new RecordingEnd();
		WireReader more = new WireReader(ScriptedWire.of("x".repeat(10_000) + "HTTP/1.1 200", 20_000), ROUTE);
		BodyStream first = BodyFraming.CONTENT_LENGTH.open(head, more, followed, ROUTE, HEAD_LIMITS);
		assertThat(first.read(new byte[16_384])).isEqualTo(10_000);
		assertThat(followed.hooks).containsExactly("complete");
		assertThat(more.hasUnreadBytes()).isTrue(); // the bytes after the body are not taken for the body's
	}

	@Test
	void conflictingOrInvalidContentLengthsStillFailWhenTheBodyIsOpened() {
		ResponseHead twice = new ResponseHead(1, 200, "", HttpHeaders.ofParsed(new ArrayList<>(List.of(
				"Content-Length", "42", "Content-Length", "43"))));
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> BodyFraming.CONTENT_LENGTH.open(twice, reader("", 1), this.end, ROUTE, HEAD_LIMITS))
			.withMessage("Conflicting Content-Length values from " + ROUTE + ": [42, 43]");
		ResponseHead invalid = new ResponseHead(1, 200, "", HttpHeaders.ofParsed(new ArrayList<>(List.of(
				"Content-Length", "4x2"))));
		assertThatExceptionOfType(HttpProtocolException.class)
			.isThrownBy(() -> BodyFraming.CONTENT_LENGTH.open(invalid, reader("", 1), this.end, ROUTE, HEAD_LIMITS))
			.withMessage("Invalid Content-Length from " + ROUTE + ": '4x2'");
	}

	private static WireReader reader(String bytes, int chunk) {
		return new WireReader(ScriptedWire.of(bytes, chunk), ROUTE);
	}

	/** Records the hooks called, in order. */
	static final class RecordingEnd implements BodyEnd {

		final List<String> hooks = new ArrayList<>();

		long drainMaxBytes = 1024;

		boolean timeUp;

		@Override
		public void complete() {
			this.hooks.add("complete");
		}

		@Override
		public void drainedToEnd() {
			this.hooks.add("drainedToEnd");
		}

		@Override
		public void fail(CloseReason reason, IOException cause) {
			this.hooks.add("fail " + reason);
		}

		@Override
		public void abandon(CloseReason reason) {
			this.hooks.add("abandon " + reason);
		}

		@Override
		public long drainMaxBytes() {
			return this.drainMaxBytes;
		}

		@Override
		public void drainStarts() {
			this.hooks.add("drainStarts");
		}

		@Override
		public boolean drainTimeUp() {
			return this.timeUp;
		}

		@Override
		public int readTimeoutMillis() {
			return 1000;
		}
	}
}
