package dev.eofpool.benchmarks.contenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.eofpool.benchmarks.load.Workload;
import dev.eofpool.benchmarks.server.EmbeddedServer;
import dev.eofpool.benchmarks.server.ServerStatus;


/**
 * Every contender, in this JVM, sends each workload a few times to the embedded server and gets every answer whole,
 * on one pooled connection: what the load harness relies on before it measures anything.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContendersAgainstEmbeddedServerTest {

	private static EmbeddedServer server;

	@BeforeAll
	static void startServer() throws Exception {
		server = EmbeddedServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	static Iterable<Contender> contenders() {
		return Contenders.all();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("contenders")
	void sendsEveryWorkloadOverOneConnection(Contender contender) throws Exception {
		assumeTrue(contender.unavailableReason() == null, () -> contender.name() + ": " + contender.unavailableReason());
		long before = ServerStatus.accepted(server.base());
		byte[] scratch = new byte[8192];
		try (Client client = contender.open(new Targets(server.base()), 2)) {
			for (int i = 0; i < 5; i++) {
				for (Workload w : Workload.values()) {
					client.exchange(w, scratch);
				}
			}
		}
		long opened = ServerStatus.accepted(server.base()) - before - 1; // the second status reading is one more
		if (contender.eofpool()) {
			// requests one after another: the EOF gate hands the connection back before the last read returns
			assertEquals(1, opened, contender.name() + " opened more than one connection");
		}
		else {
			// some peers release asynchronously and may dial a second one: never more than the pool holds
			assertTrue(opened >= 1 && opened <= 2, contender.name() + " opened " + opened + " connections");
		}
	}
}
