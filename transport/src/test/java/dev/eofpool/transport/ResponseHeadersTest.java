package dev.eofpool.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.eofpool.testfixtures.TestServer;
import dev.eofpool.transport.internal.io.BufferPools;

/**
 * A response's headers own their bytes: read once the connection went back to the pool, gave its read buffer back and
 * read the next response into that same buffer, they are still the first response's.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResponseHeadersTest {

	@RegisterExtension
	final TransportExtension env = new TransportExtension();

	@Test
	void headersReadAfterTheNextResponseOnTheConnectionAreStillTheirOwn() throws Exception {
		// every answer's head has the same length, so the second overwrites the first byte for byte
		TestServer server = this.env.responding((c, r) -> c.respond(200, "ok", "X-Target: " + r.target(),
				"Set-Cookie: s=" + r.target(), "set-cookie: t=" + r.target()));
		HttpTransport transport = this.env.transport(TransportConfig.builder().build());
		BufferPools buffers = TransportInternals.buffers(transport);
		HttpHeaders first;
		try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/1")))) {
			assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
			first = response.headers();
		}
		assertThat(buffers.reads().freeCount()).as("the idle connection gave its read buffer back").isEqualTo(1);
		HttpHeaders second;
		try (HttpResponse response = transport.send(HttpRequest.get(server.uri("/2")))) {
			assertThat(response.body().readAllBytes()).asString().isEqualTo("ok");
			second = response.headers();
		}
		assertThat(server.accepted()).as("one connection").isEqualTo(1);
		assertThat(buffers.reads().created()).as("one read buffer, lent to both responses").isEqualTo(1);
		// nothing was asked of the first headers until now
		assertThat(first.first("x-target")).isEqualTo("/1");
		assertThat(first.all("SET-COOKIE")).containsExactly("s=/1", "t=/1");
		assertThat(fields(first)).containsExactly("X-Target=/1", "Set-Cookie=s=/1", "Set-Cookie=t=/1",
				"Content-Length=2");
		assertThat(first.decimal("content-length")).isEqualTo(2);
		assertThat(second.first("X-Target")).isEqualTo("/2");
		assertThat(second.all("set-cookie")).containsExactly("s=/2", "t=/2");
	}

	private static List<String> fields(HttpHeaders headers) {
		List<String> fields = new ArrayList<>();
		headers.forEach((name, value) -> fields.add(name + "=" + value));
		return fields;
	}
}
