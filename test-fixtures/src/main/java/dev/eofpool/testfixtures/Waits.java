package dev.eofpool.testfixtures;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits: each fails the test with what it waited for, instead of hanging until the global timeout. */
public final class Waits {

	/** How long a wait lasts unless told otherwise. */
	public static final Duration DEFAULT = Duration.ofSeconds(30);

	private Waits() {
	}

	/** Waits up to {@link #DEFAULT} for the latch; fails naming {@code what} when it is still closed. */
	public static void await(CountDownLatch latch, String what) throws InterruptedException {
		if (!latch.await(DEFAULT.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new AssertionError("timed out after " + DEFAULT.toSeconds() + " s waiting for " + what);
		}
	}

	/**
	 * Polls the condition until it holds, up to {@link #DEFAULT}; for state another thread reaches without a signal
	 * to wait on (such as a pool's waiter count). Fails naming {@code what} when it never holds.
	 */
	public static void until(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + DEFAULT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("timed out after " + DEFAULT.toSeconds() + " s waiting for " + what);
			}
			Thread.sleep(1);
		}
	}

	/** Waits up to {@link #DEFAULT} for the thread to end; fails naming it when it is still alive. */
	public static void join(Thread thread) throws InterruptedException {
		thread.join(DEFAULT.toMillis());
		if (thread.isAlive()) {
			throw new AssertionError("thread " + thread.getName() + " still running after " + DEFAULT.toSeconds() + " s");
		}
	}
}
