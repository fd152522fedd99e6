package dev.eofpool.testfixtures;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test's helper threads as {@link Future}s: what a helper throws reaches the test, through {@link #get} or at the
 * latest at {@link #close()}, which waits a bounded time for every helper not yet taken and rethrows the first
 * failure. A helper that never ends fails the test after {@link #DEFAULT_WAIT} instead of leaving it to the global
 * timeout.
 */
public final class Background implements AutoCloseable {

	/** How long {@link #get(Future)} and {@link #close()} wait for a helper. */
	public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

	/** A helper's body: may throw anything, which then fails the test. */
	@FunctionalInterface
	public interface Task {

		/** Runs the helper's work. */
		void run() throws Exception;
	}

	private final ExecutorService executor = Executors.newCachedThreadPool((r) -> {
		Thread t = new Thread(r, "test-helper");
		t.setDaemon(true);
		return t;
	});

	private final List<Future<?>> futures = new CopyOnWriteArrayList<>();

	/** Runs the task on a helper thread of its own. */
	public Future<Void> run(Task task) {
		return call(() -> {
			task.run();
			return null;
		});
	}

	/** Runs the callable on a helper thread of its own. */
	public <T> Future<T> call(Callable<T> callable) {
		Future<T> future = this.executor.submit(callable);
		this.futures.add(future);
		return future;
	}

	/**
	 * Waits up to {@link #DEFAULT_WAIT} for the helper and returns its result, rethrowing what it threw; the test has
	 * then seen the outcome, so {@link #close()} does not rethrow it again.
	 */
	public <T> T get(Future<T> future) throws Exception {
		return get(future, DEFAULT_WAIT);
	}

	/** {@link #get(Future)} waiting up to {@code timeout}. */
	public <T> T get(Future<T> future, Duration timeout) throws Exception {
		this.futures.remove(future);
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new AssertionError("helper still running after " + timeout.toMillis() + " ms", ex);
		}
	}

	/** Waits for every helper whose outcome the test has not taken with {@link #get}, rethrowing the first failure. */
	public void awaitAll() throws Exception {
		for (Future<?> future : this.futures) {
			get(future);
		}
	}

	/**
	 * Waits for every helper ({@link #awaitAll()}), then stops the threads; rethrows the first failure (a checked one
	 * wrapped in an {@link AssertionError}, so try-with-resources sees no {@link InterruptedException}).
	 */
	@Override
	public void close() {
		try {
			awaitAll();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for the helpers", ex);
		}
		catch (Exception ex) {
			throw new AssertionError("a helper failed: " + ex, ex);
		}
		finally {
			this.executor.shutdownNow();
		}
	}
}
