package dev.eofpool.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpServer;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link RestClient} over the eofpool factory behind a compressing server: the transport asks for gzip, undoes it,
 * and Spring's converters see the plain bytes, without {@code Content-Encoding}.
 */
@Timeout(20)
class ContentDecodingRestClientTests {

	private static final String JSON = "{\"greeting\":\"hello from a gzip server\",\"padding\":\"" + "x".repeat(2000)
			+ "\"}";

	private final List<String> acceptEncodings = new CopyOnWriteArrayList<>();

	private HttpServer server;

	private HttpTransport transport;

	private RestClient client;

	@BeforeEach
	void setUp() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
			this.acceptEncodings.add(String.valueOf(accept));
			byte[] body = gzip(JSON.getBytes(StandardCharsets.UTF_8));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Content-Encoding", "gzip");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
		this.transport = HttpTransport.create();
		this.client = RestClient.builder()
			.requestFactory(new EofPoolClientHttpRequestFactoryBuilder(this.transport).build())
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
			.build();
	}

	@AfterEach
	void tearDown() {
		this.transport.close();
		this.server.stop(0);
	}

	private static byte[] gzip(byte[] plain) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
			gz.write(plain);
		}
		return out.toByteArray();
	}

	@Test
	void restClientGetsPlainTextFromAGzipServer() {
		ResponseEntity<String> entity = this.client.get().uri("/text").retrieve().toEntity(String.class);
		assertThat(entity.getBody()).isEqualTo(JSON);
		assertThat(entity.getHeaders().containsHeader("Content-Encoding")).isFalse();
		assertThat(entity.getHeaders().getContentLength()).isEqualTo(-1);
		byte[] bytes = this.client.get().uri("/bytes").retrieve().body(byte[].class);
		assertThat(bytes).isEqualTo(JSON.getBytes(StandardCharsets.UTF_8));
		assertThat(this.acceptEncodings).containsExactly("gzip, deflate", "gzip, deflate");
	}

	@Test
	void aCallersOwnAcceptEncodingGetsTheCompressedBytes() throws IOException {
		byte[] bytes = this.client.get().uri("/raw").header("Accept-Encoding", "gzip").retrieve().body(byte[].class);
		assertThat(bytes).isEqualTo(gzip(JSON.getBytes(StandardCharsets.UTF_8)));
	}
}
