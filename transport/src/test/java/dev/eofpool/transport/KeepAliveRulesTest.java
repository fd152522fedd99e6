package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.RecordedRequest;
import dev.eofpool.testfixtures.TestServer;

/** When either side or the framing forbids keep-alive, the connection is closed after the body; the next works. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAliveRulesTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	private TestServer server;

	private HttpTransport transport;

	private void threeRequests(String response, CloseReason expected) throws Exception {
		this.server = this.env.start((c) -> {
			if (c.readRequest() != null) {
				c.write(response);
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 3; i++) {
			HttpResponse r = this.transport.send(HttpRequest.get(this.server.uri("/")));
			assertThat(new String(r.body().readAllBytes(), "ISO-8859-1")).isEqualTo("body");
		}
		assertThat(this.server.accepted()).isEqualTo(3);
		assertThat(this.transport.stats().total().closedByReason().get(expected)).isEqualTo(3);
		assertThat(this.transport.stats().total().idle()).isZero();
	}

	@Test
	void serverConnectionCloseIsHonoured() throws Exception {
		threeRequests("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbody",
				CloseReason.SERVER_CONNECTION_CLOSE);
	}

	@Test
	void http10WithoutKeepAliveIsNotReused() throws Exception {
		threeRequests("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nbody", CloseReason.HTTP_1_0);
	}

	/** RFC 9112 6.1: an HTTP/1.0 response with Transfer-Encoding is closed after its body, keep-alive or not. */
	@Test
	void http10WithTransferEncodingIsNotReusedEvenWithKeepAlive() throws Exception {
		threeRequests("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "4\r\nbody\r\n0\r\n\r\n", CloseReason.HTTP_1_0);
	}

	@Test
	void readUntilCloseBodyIsReadWholeAndNotReused() throws Exception {
		threeRequests("HTTP/1.1 200 OK\r\n\r\nbody", CloseReason.READ_UNTIL_CLOSE);
	}

	@Test
	void http10WithKeepAliveIsReused() throws Exception {
		this.server = this.env.responding((c, r) -> c.write("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
				+ "Content-Length: 4\r\n\r\nbody"));
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 3; i++) {
			this.transport.send(HttpRequest.get(this.server.uri("/"))).body().readAllBytes();
		}
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	@Test
	void clientConnectionCloseIsHonoured() throws Exception {
		this.server = this.env.start((c) -> {
			RecordedRequest r = c.readRequest();
			if (r != null) {
				c.respond(200, "body");
				c.awaitClientClose();
			}
		});
		this.transport = this.env.transport(TransportConfig.defaults());
		for (int i = 0; i < 2; i++) {
			this.transport.send(HttpRequest.builder("GET", this.server.uri("/")).header("Connection", "close").build())
				.body()
				.readAllBytes();
		}
		assertThat(this.server.accepted()).isEqualTo(2);
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.CLIENT_CONNECTION_CLOSE))
			.isEqualTo(2);
	}

	@Test
	void keepAliveMaxZeroClosesAfterTheResponse() throws Exception {
		this.server = this.env.responding((c, r) -> c.write("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=0\r\n"
				+ "Content-Length: 4\r\n\r\nbody"));
		this.transport = this.env.transport(TransportConfig.defaults());
		this.transport.send(HttpRequest.get(this.server.uri("/"))).body().readAllBytes();
		assertThat(this.transport.stats().total().closedByReason().get(CloseReason.KEEP_ALIVE_MAX)).isEqualTo(1);
	}
}
