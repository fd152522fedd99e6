package dev.eofpool.testfixtures;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same numbered calls on several platform threads at once, all released together, and counts the calls that
 * answered wrong. Every wait is bounded; a call that throws fails the run.
 */
public final class Concurrently {

	/** One call: whether call {@code index} of thread {@code thread} answered right. */
	@FunctionalInterface
	public interface Call {

		boolean check(int thread, int index) throws Exception;
	}

	private Concurrently() {
	}

	/**
	 * Runs {@code perThread} calls on each of {@code threads} threads, released by one latch.
	 * @return the calls that answered wrong
	 * @throws Exception the first call's failure, or a timeout when the threads did not end within 50 s
	 */
	public static int countWrong(int threads, int perThread, Call call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(executor.submit(() -> {
					if (!start.await(10, TimeUnit.SECONDS)) {
						throw new IllegalStateException("The threads were not released within 10 s");
					}
					int wrong = 0;
					for (int i = 0; i < perThread; i++) {
						if (!call.check(thread, i)) {
							wrong++;
						}
					}
					return wrong;
				}));
			}
			start.countDown();
			int wrong = 0;
			for (Future<Integer> result : results) {
				wrong += result.get(50, TimeUnit.SECONDS);
			}
			return wrong;
		}
		finally {
			executor.shutdownNow();
		}
	}
}
