package dev.eofpool.spring.observation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.eofpool.transport.Resolver;

/**
 * A {@link Resolver} that answers one made-up host name with fixed addresses, each lookup taking {@code hold} (the
 * delay the test controls; zero answers at once), and counts its lookups. Any other name is unknown.
 */
final class SlowResolver implements Resolver {

	private final String host;

	private final List<InetAddress> addresses;

	private final Duration hold;

	private final AtomicInteger lookups = new AtomicInteger();

	SlowResolver(String host, Duration hold, InetAddress... addresses) {
		this.host = host;
		this.hold = hold;
		this.addresses = List.of(addresses);
	}

	@Override
	public List<InetAddress> resolve(String name) throws UnknownHostException {
		if (!this.host.equals(name)) {
			throw new UnknownHostException(name);
		}
		this.lookups.incrementAndGet();
		try {
			Thread.sleep(this.hold.toMillis()); // the slow name server: the delay under test
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnknownHostException(name + ": lookup interrupted");
		}
		return this.addresses;
	}

	/** Lookups made so far. */
	int lookups() {
		return this.lookups.get();
	}

}
