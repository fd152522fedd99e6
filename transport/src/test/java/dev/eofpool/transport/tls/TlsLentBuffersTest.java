package dev.eofpool.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.Concurrently;
import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestCertificates;
import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolAssertions;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.TransportExtension;
import dev.eofpool.transport.TransportInternals;
import dev.eofpool.transport.internal.io.BufferPools;

/**
 * Lent buffers over TLS: the TLS socket keeps its own records, the connection's reader and writer borrow theirs while
 * bytes move and give them back before it goes idle, and one handshake serves every request of a connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsLentBuffersTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	/** The body answered to {@code /n}: its own length (some above the read buffer's 8 KiB) and its own bytes. */
	private static byte[] body(int n) {
		byte[] body = new byte[50 + (n * 5_003) % 30_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ((n * 17 + i) % 253);
		}
		return body;
	}

	private TestServer serve(ServerTls tls) throws Exception {
		return this.env.responding(tls, (c, r) -> {
			byte[] body = body(Integer.parseInt(r.target().substring(1)));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes("ISO-8859-1"));
			out.write(body);
			c.write(out.toByteArray());
		});
	}

	private static byte[] get(HttpTransport transport, TestServer server, int n) throws Exception {
		URI uri = URI.create("https://localhost:" + server.port() + "/" + n);
		try (HttpResponse response = transport.send(HttpRequest.get(uri))) {
			assertThat(response.status()).isEqualTo(200);
			return response.body().readAllBytes();
		}
	}

	private HttpTransport transport(TransportConfig.Builder config) {
		return this.env.transport(config.tls(TlsSettings.builder().trustStore(TestCertificates.trustStore()).build())
			.build());
	}

	@Test
	void sequentialHttpsRequestsUseOneConnectionOneHandshakeAndTheSameTwoBuffers() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		TestServer server = serve(tls);
		HttpTransport transport = transport(TransportConfig.builder());
		BufferPools buffers = TransportInternals.buffers(transport);
		for (int n = 0; n < 40; n++) {
			assertThat(get(transport, server, n)).as("body " + n).isEqualTo(body(n));
			assertThat(buffers.reads().freeCount()).isEqualTo(1);
			assertThat(buffers.tlsWrites().freeCount()).isEqualTo(1);
		}
		assertThat(server.accepted()).isEqualTo(1);
		assertThat(tls.handshakes()).hasSize(1);
		assertThat(buffers.reads().created()).isEqualTo(1);
		assertThat(buffers.tlsWrites().created()).isEqualTo(1);
		assertThat(buffers.writes().created()).as("plain connections' write buffers").isZero();
	}

	@Test
	void concurrentHttpsRequestsOverTwoConnectionsNeverMixBodies() throws Exception {
		ServerTls tls = ServerTls.of(TestCertificates.LOCALHOST);
		TestServer server = serve(tls);
		HttpTransport transport = transport(TransportConfig.builder().maxConnectionsPerHost(2));
		int threads = 6;
		int perThread = 15;
		int mismatches = Concurrently.countWrong(threads, perThread,
				(thread, i) -> Arrays.equals(get(transport, server, thread * perThread + i), body(thread * perThread + i)));
		assertThat(mismatches).as("bodies that were not byte for byte their own").isZero();
		assertThat(server.accepted()).isLessThanOrEqualTo(2);
		PoolAssertions.assertQuiescent(transport.stats());
		BufferPools buffers = TransportInternals.buffers(transport);
		assertThat(buffers.reads().created()).isBetween(1L, 4L);
		assertThat(buffers.reads().freeCount()).isEqualTo((int) buffers.reads().created());
	}
}
