package dev.eofpool.spring;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Resolver;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The warm-up's timeout bounds all origins together, on the transport's ticker. */
@Timeout(20)
class EofPoolWarmUpTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	@Test
	void theBudgetOfAllOriginsIsSpentOnTheTransportsTicker() {
		AtomicLong now = new AtomicLong();
		CountDownLatch release = new CountDownLatch(1);
		Resolver resolver = (host) -> {
			if (host.equals("first.test")) {
				// the first origin's warm-up takes the whole budget, by the transport's clock
				now.addAndGet(TIMEOUT.toNanos() + 1);
				throw new UnknownHostException(host);
			}
			// the second one's never ends within its share: the warm-up reports the share it was given
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new UnknownHostException(host);
		};
		try (HttpTransport transport = new HttpTransport(
				TransportConfig.builder().ticker(now::get).resolver(resolver).build())) {
			EofPoolWarmUp warmUp = new EofPoolWarmUp(transport,
					List.of(new EofPoolWarmUp.Target(URI.create("http://first.test:80"), 1),
							new EofPoolWarmUp.Target(URI.create("http://second.test:80"), 1)),
					TIMEOUT, true);
			try {
				// the second origin gets the floor of 1 ms, not what the wall clock says is left (almost all of it)
				assertThatIllegalStateException().isThrownBy(warmUp::start)
					.withMessageContaining("first.test")
					.withMessageContaining("second.test")
					.withMessageContaining("did not finish within 1 ms");
			}
			finally {
				release.countDown();
			}
		}
	}

}
