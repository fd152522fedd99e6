package dev.eofpool.benchmarks.micro;

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
import org.openjdk.jmh.infra.Blackhole;

import dev.eofpool.transport.HttpHeaders;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.http1.ResponseHeadParser;

/**
 * Parsing a response head with eofpool's {@link ResponseHeadParser}: nginx's head for a static file (7 fields), or a
 * larger head such as an API gateway sends (20 fields); alone, or then read as a response's headers are read. Each
 * invocation parses a batch of {@value #BATCH} heads fed through one loopback write.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseHeadParseBenchmark {

	static final int BATCH = 32;

	@Param({ "nginx", "large" })
	public String head;

	private LoopbackFeed feed;

	private HeadLimits limits;

	@Setup(Level.Trial)
	public void open() throws IOException {
		String text = "nginx".equals(this.head) ? NGINX : LARGE;
		this.feed = new LoopbackFeed(LoopbackFeed.repeat(text.getBytes(StandardCharsets.US_ASCII), BATCH));
		this.limits = HeadLimits.of(TransportConfig.defaults());
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.feed.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void parse(Blackhole bh) throws IOException {
		this.feed.feed();
		for (int i = 0; i < BATCH; i++) {
			bh.consume(ResponseHeadParser.read(this.feed.reader(), this.limits, this.feed.route()));
		}
	}

	/**
	 * The head parsed, then read as the exchange reads it (framing, reuse, server hints, content coding) and as
	 * Spring's adapter reads it ({@code Content-Type}, {@code Content-Length}).
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void parseAndRead(Blackhole bh) throws IOException {
		this.feed.feed();
		for (int i = 0; i < BATCH; i++) {
			HttpHeaders headers = ResponseHeadParser.read(this.feed.reader(), this.limits, this.feed.route()).headers();
			bh.consume(headers.all("Transfer-Encoding"));
			bh.consume(headers.contains("Content-Length"));
			bh.consume(headers.containsToken("Connection", "close"));
			bh.consume(headers.first("Keep-Alive"));
			bh.consume(headers.contains("Content-Encoding"));
			bh.consume(headers.first("Content-Type"));
			bh.consume(headers.first("Content-Length"));
		}
	}

	static final String NGINX = "HTTP/1.1 200 OK\r\n"
			+ "Server: nginx/1.22.1\r\n"
			+ "Date: Sat, 28 Nov 2026 12:23:58 GMT\r\n"
			+ "Content-Type: application/octet-stream\r\n"
			+ "Content-Length: 1024\r\n"
			+ "Last-Modified: Sat, 28 Nov 2026 12:23:57 GMT\r\n"
			+ "Connection: keep-alive\r\n"
			+ "Accept-Ranges: bytes\r\n"
			+ "\r\n";

	static final String LARGE = "HTTP/1.1 200 OK\r\n"
			+ "Date: Sat, 28 Nov 2026 12:23:58 GMT\r\n"
			+ "Content-Type: application/json;charset=UTF-8\r\n"
			+ "Content-Length: 1024\r\n"
			+ "Connection: keep-alive\r\n"
			+ "Keep-Alive: timeout=60, max=1000\r\n"
			+ "Vary: Origin\r\n"
			+ "Vary: Access-Control-Request-Method\r\n"
			+ "Vary: Access-Control-Request-Headers\r\n"
			+ "X-Request-Id: 4f1c2a9e-8d7b-4c61-9a3e-2b5d7f0e6c11\r\n"
			+ "X-Content-Type-Options: nosniff\r\n"
			+ "X-XSS-Protection: 0\r\n"
			+ "Cache-Control: no-cache, no-store, max-age=0, must-revalidate\r\n"
			+ "Pragma: no-cache\r\n"
			+ "Expires: 0\r\n"
			+ "X-Frame-Options: DENY\r\n"
			+ "Strict-Transport-Security: max-age=31536000 ; includeSubDomains\r\n"
			+ "Set-Cookie: SESSION=ZGVhZGJlZWYtY2FmZS1iYWJlLWZhY2UtMDAwMDAwMDAwMDAw; Path=/; HttpOnly; SameSite=Lax\r\n"
			+ "ETag: \"5f2c-1a2b3c4d5e6f\"\r\n"
			+ "Server: envoy\r\n"
			+ "x-envoy-upstream-service-time: 3\r\n"
			+ "\r\n";
}
