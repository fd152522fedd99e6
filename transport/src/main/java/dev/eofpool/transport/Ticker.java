package dev.eofpool.transport;

/** A source of monotonic nanoseconds; injected so that tests drive time instead of sleeping. */
@FunctionalInterface
public interface Ticker {

	/** The system's monotonic clock. */
	Ticker SYSTEM = System::nanoTime;

	/** The current time in nanoseconds, from an arbitrary origin; only differences between two readings mean anything. */
	long nanoTime();
}
