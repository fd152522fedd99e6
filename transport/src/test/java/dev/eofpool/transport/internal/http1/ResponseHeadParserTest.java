package dev.eofpool.transport.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.io.Line;
import dev.eofpool.transport.internal.io.ScriptedWire;
import dev.eofpool.transport.internal.io.Wire;
import dev.eofpool.transport.internal.io.WireReader;

/**
 * The response head parser's two paths, over scripted bytes: a head whole in the buffer is checked in place
 * ({@link BufferedHead}), one arriving a byte at a time line by line; both give the same fields and the same failures,
 * and the headers own their bytes (the buffer's next contents do not reach them).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResponseHeadParserTest {

	private static final Route ROUTE = new Route("http", "example.test", 80);

	private static final HeadLimits LIMITS = HeadLimits.of(TransportConfig.defaults());

	/** Heads the parser accepts, among them the tolerated forms: LF line ends, folding, blanks, Latin-1. */
	private static final String[] VALID = { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\n",
			"HTTP/1.1 200 OK\nServer: a\nDate: b\n\n", "HTTP/1.1 204 No Content\r\n\r\n",
			"HTTP/1.0 200 OK\r\nX-Blank:\r\nX-Blanks: \t \r\nX-Trim: \t v a l \t\r\n\r\n",
			"HTTP/1.1 200 OK\r\nX-Fold: a\r\n b \r\n\tc\r\nY: d\r\n\r\n", "HTTP/1.1 200 OK\r\nX-Fold:\r\n x\r\n\r\n",
			"HTTP/1.1 200 OK\r\nX-Fold: x\r\n \r\n\r\n", "HTTP/1.1 200 OK\r\nX-Latin: caf\u00e9 \u00ff\r\n\r\n",
			"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nA: 1\r\n\r\n",
			"HTTP/1.1 200 OK\r\nWeird~Name!#$%&'*+-.^_`|: v:w\r\n\r\n" };

	@Test
	void headsWholeInTheBufferAndDribbledGiveTheSameFields() throws IOException {
		for (String head : VALID) {
			assertThat(fields(parse(head, 8192).headers())).as(head).isEqualTo(fields(parse(head, 1).headers()));
		}
		HttpHeaders trimmed = parse(VALID[3], 8192).headers();
		assertThat(fields(trimmed)).containsExactly("X-Blank=", "X-Blanks=", "X-Trim=v a l");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 8192 })
	void obsoleteFoldingIsReplacedByOneSpace(int chunk) throws IOException {
		assertThat(fields(parse(VALID[4], chunk).headers())).containsExactly("X-Fold=a b c", "Y=d");
		// the folded value keeps the space around an empty part, as the field was always unfolded
		assertThat(parse(VALID[5], chunk).headers().first("X-Fold")).isEqualTo(" x");
		assertThat(parse(VALID[6], chunk).headers().first("X-Fold")).isEqualTo("x ");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 8192 })
	void lookupsIgnoreCaseAndRepeatedNamesKeepTheirOrder(int chunk) throws IOException {
		HttpHeaders headers = parse("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Id: 7\r\nset-cookie: b=2\r\n"
				+ "Connection: Keep-Alive, Upgrade\r\nContent-Length: 0042\r\n\r\n", chunk).headers();
		assertThat(headers.size()).isEqualTo(5);
		assertThat(headers.all("SET-COOKIE")).containsExactly("a=1", "b=2");
		assertThat(headers.first("x-id")).isEqualTo("7");
		assertThat(headers.first("X-Idx")).isNull();
		assertThat(headers.first("X-I")).isNull();
		assertThat(headers.all("X-Missing")).isEmpty();
		assertThat(headers.contains("CONTENT-length")).isTrue();
		assertThat(headers.contains("Content-Lengt")).isFalse();
		assertThat(headers.containsToken("connection", "upgrade")).isTrue();
		assertThat(headers.containsToken("connection", "keep-alive")).isTrue();
		assertThat(headers.containsToken("connection", "close")).isFalse();
		assertThat(headers.containsToken("X-Id", "keep-alive")).isFalse();
		assertThat(headers.decimal("content-length")).isEqualTo(42);
		assertThat(headers.decimal("Set-Cookie")).as("repeated").isEqualTo(-1);
		assertThat(headers.decimal("X-Missing")).isEqualTo(-1);
		assertThat(headers.names()).containsExactly("Set-Cookie", "X-Id", "Connection", "Content-Length");
		// a common name is its one constant, spelled as usual; any other as received
		assertThat(headers.name(2)).isSameAs(headers.name(0)).isEqualTo("Set-Cookie");
		assertThat(headers.name(1)).isEqualTo("X-Id");
		assertThat(headers).hasToString("[Set-Cookie: a=1, X-Id: 7, Set-Cookie: b=2, Connection: Keep-Alive, Upgrade, "
				+ "Content-Length: 0042]");
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> headers.value(5));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 8192 })
	void aValueAskedTwiceIsTheSameString(int chunk) throws IOException {
		HttpHeaders headers = parse("HTTP/1.1 200 OK\r\nX-Request-Id: 4f1c\r\nContent-Type: text/plain\r\n\r\n", chunk)
			.headers();
		String first = headers.first("x-request-id");
		assertThat(first).isEqualTo("4f1c");
		assertThat(headers.first("X-Request-Id")).isSameAs(first);
		assertThat(headers.value(0)).isSameAs(first);
		assertThat(headers.all("X-REQUEST-ID").get(0)).isSameAs(first);
		assertThat(headers.name(0)).isSameAs(headers.name(0)).isEqualTo("X-Request-Id");
		// a name most responses carry is the one shared constant, whatever its case on the wire
		assertThat(headers.name(1)).isSameAs(parse("HTTP/1.1 200 OK\r\ncontent-TYPE: a\r\n\r\n", chunk).headers()
			.name(0));
	}

	@Test
	void aHeadWholeInTheBufferIsReadInPlaceAndAnyOtherIsLeftForTheLineByLineParse() throws IOException {
		assertThat(buffered("HTTP/1.1 200 OK\r\nA: 1\r\n\r\nbody")).isNotNull();
		String[] deferred = { "HTTP/1.1 200 OK\r\nA: 1\r\n", "HTTP/1.1 200 OK\r\nA: 1\r\n b\r\n\r\n",
				"HTTP/1.1 200 OK\r\n b\r\n\r\n", "HTTP/1.1 200 OK\r\nA : 1\r\n\r\n", "HTTP/1.1 200 OK\r\n: 1\r\n\r\n",
				"HTTP/1.1 200 OK\r\nA: 1\rb\r\n\r\n", "HTTP/1.1 200 OK\r\nA: 1\r\r\n\r\n", "HTTP/1.1 200 OK\r\nA: \0\r\n\r\n",
				"HTTP/1.1 200 OK\r\nA\u00e9: 1\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n" };
		for (String head : deferred) {
			WireReader reader = reader(head, 8192);
			reader.readLine(100, "status line");
			int unread = reader.bufferedBytes();
			assertThat(BufferedHead.read(reader, LIMITS, 17)).as(head).isNull();
			assertThat(reader.bufferedBytes()).as("nothing consumed: %s", head).isEqualTo(unread);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "HTTP/1.1 200 OK\r\nA : 1\r\n\r\n", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
			"HTTP/1.1 200 OK\r\n: 1\r\n\r\n", "HTTP/1.1 200 OK\r\nA: 1\rb\r\n\r\n", "HTTP/1.1 200 OK\r\nA: 1\r\r\n\r\n",
			"HTTP/1.1 200 OK\r\nA: x\0y\r\n\r\n", "HTTP/1.1 200 OK\r\n b\r\n\r\n", "HTTP/1.1 200 OK\r\nA: 1\r\n x\0\r\n\r\n",
			"HTTP/1.1 200 OK\r\nA: 1\r\n", "HTTP/1.1 200 OK\r\nA\u00e9: 1\r\n\r\n" })
	void malformedHeadsFailAlikeWholeOrDribbled(String head) {
		String whole = failure(head, 8192);
		assertThat(whole).contains(ROUTE.toString());
		assertThat(failure(head, 1)).isEqualTo(whole);
	}

	@Test
	void limitsNameTheirSettingWholeOrDribbled() {
		HeadLimits small = new HeadLimits(100, 20, 200, 2, TransportConfig.defaults().settingNames());
		HeadLimits roomy = new HeadLimits(100, 20, 60, 10, TransportConfig.defaults().settingNames());
		String longLine = "HTTP/1.1 200 OK\r\nX-Long: 0123456789abcdef\r\n\r\n";
		String tooMany = "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
		String tooLarge = "HTTP/1.1 200 OK\r\nA: 0123456789\r\nB: 0123456789\r\nC: 0123456789\r\n\r\n";
		for (int chunk : new int[] { 1, 8192 }) {
			assertThat(failure(longLine, chunk, small)).contains("longer than the limit of 20").contains("maxHeaderLineLength");
			assertThat(failure(tooMany, chunk, small)).contains("more than 2 header fields").contains("maxHeaderCount");
			assertThat(failure(tooLarge, chunk, roomy)).contains("larger than the limit of 60").contains("maxHeaderBlockSize");
		}
	}

	@Test
	void theHeadersOwnTheirBytesOnceTheBufferHoldsTheNextResponse() throws IOException {
		String one = "HTTP/1.1 200 OK\r\nX-Id: one\r\nContent-Length: 2\r\n\r\nok";
		String two = "HTTP/1.1 200 OK\r\nX-Id: two\r\nContent-Length: 2\r\n\r\nok";
		// each read gets one whole response (read in place), or one byte (line by line)
		for (int chunk : new int[] { one.length(), 1 }) {
			WireReader reader = reader(one + two, chunk);
			HttpHeaders first = ResponseHeadParser.read(reader, LIMITS, ROUTE).headers();
			byte[] buffer = reader.bufferedArray();
			for (int body = 0; body < 2;) {
				body += reader.read(new byte[2], body, 2 - body);
			}
			reader.releaseBuffer();
			HttpHeaders second = ResponseHeadParser.read(reader, LIMITS, ROUTE).headers();
			assertThat(reader.bufferedArray()).as("the one buffer of the reader's pool, lent again").isSameAs(buffer);
			if (chunk > 1) {
				assertThat(new String(buffer, 0, two.length(), StandardCharsets.ISO_8859_1)).isEqualTo(two);
			}
			// nothing was asked of the first headers before the buffer was filled again
			assertThat(fields(first)).containsExactly("X-Id=one", "Content-Length=2");
			assertThat(first.decimal("Content-Length")).isEqualTo(2);
			assertThat(fields(second)).containsExactly("X-Id=two", "Content-Length=2");
		}
	}

	@Test
	void aStatusLineLongerThanTheBufferLeavesTheHeadToTheLineByLineParse() throws IOException {
		String reason = "x".repeat(9000);
		HeadLimits limits = new HeadLimits(10_000, 8192, 65536, 100, TransportConfig.defaults().settingNames());
		ResponseHead head = ResponseHeadParser.read(reader("HTTP/1.1 200 " + reason + "\r\nA: 1\r\n\r\n", 8192), limits,
				ROUTE);
		assertThat(head.reason()).isEqualTo(reason);
		assertThat(fields(head.headers())).containsExactly("A=1");
	}

	/**
	 * What parsing a head costs in heap, measured on this thread: with a {@code String} per value, a field list and its
	 * array it was 648 bytes for this 7-field head on JDK 17; now its block (232 bytes), its indexes (128) and the two
	 * small objects around them, 424 bytes.
	 */
	@Test
	void aHeadWholeInTheBufferCostsItsBytesOnce() throws IOException {
		Assumptions.assumeTrue(ThreadAllocations.counted(), "the JVM counts no allocation per thread");
		byte[] head = ("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sat, 28 Nov 2026 12:23:58 GMT\r\n"
				+ "Content-Type: application/octet-stream\r\nContent-Length: 1024\r\n"
				+ "Last-Modified: Sat, 28 Nov 2026 12:23:57 GMT\r\nConnection: keep-alive\r\nAccept-Ranges: bytes\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		WireReader reader = new WireReader(new RepeatingWire(head), ROUTE);
		int n = 2000;
		long best = Long.MAX_VALUE;
		for (int round = 0; round < 5; round++) {
			long start = ThreadAllocations.ofCurrentThread();
			for (int i = 0; i < n; i++) {
				HttpHeaders headers = ResponseHeadParser.read(reader, LIMITS, ROUTE).headers();
				if (headers.decimal("Content-Length") != 1024 || !headers.containsToken("Connection", "keep-alive")) {
					throw new AssertionError(headers);
				}
			}
			best = Math.min(best, (ThreadAllocations.ofCurrentThread() - start) / n);
		}
		assertThat(best).as("bytes per head").isLessThan(500);
	}

	/** Answers every read with as many whole copies of one head as fit, without end. */
	private static final class RepeatingWire implements Wire {

		private final byte[] head;

		RepeatingWire(byte[] head) {
			this.head = head;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			int n = 0;
			while (n + this.head.length <= len) {
				System.arraycopy(this.head, 0, b, off + n, this.head.length);
				n += this.head.length;
			}
			return n;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void flush() {
		}

		@Override
		public int available() {
			return 0;
		}

		@Override
		public boolean decrypts() {
			return false;
		}
	}

	private static ResponseHead parse(String head, int chunk) throws IOException {
		return ResponseHeadParser.read(reader(head, chunk), LIMITS, ROUTE);
	}

	private static HttpHeaders buffered(String head) throws IOException {
		WireReader reader = reader(head, 8192);
		Line status = reader.readLine(100, "status line");
		return BufferedHead.read(reader, LIMITS, status.length() + 2);
	}

	private static String failure(String head, int chunk) {
		return failure(head, chunk, LIMITS);
	}

	private static String failure(String head, int chunk, HeadLimits limits) {
		try {
			ResponseHeadParser.read(reader(head, chunk), limits, ROUTE);
		}
		catch (IOException ex) {
			assertThat(ex).isInstanceOfAny(HttpProtocolException.class, java.io.EOFException.class);
			return ex.getMessage();
		}
		throw new AssertionError("accepted: " + head);
	}

	private static WireReader reader(String bytes, int chunk) {
		return new WireReader(ScriptedWire.of(bytes, chunk), ROUTE);
	}

	/** The fields as name=value, in order. */
	static List<String> fields(HttpHeaders headers) {
		List<String> fields = new ArrayList<>();
		headers.forEach((name, value) -> fields.add(name + "=" + value));
		return fields;
	}
}
