package dev.eofpool.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the test says so. */
public final class ManualTicker implements Ticker {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	/** A clock standing at one second. */
	public ManualTicker() {
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	public long advance(long amount, TimeUnit unit) {
		return this.nanos.addAndGet(unit.toNanos(amount));
	}
}
