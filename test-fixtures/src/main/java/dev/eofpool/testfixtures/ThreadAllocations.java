package dev.eofpool.testfixtures;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** The bytes the current thread has allocated, where the JVM counts them (HotSpot does by default). */
public final class ThreadAllocations {

	private ThreadAllocations() {
	}

	/** Whether this JVM counts the bytes each thread allocates; a test of allocation assumes it. */
	public static boolean counted() {
		return (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
				&& threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled();
	}

	/** Bytes the current thread allocated since it started; call only when {@link #counted()}. */
	public static long ofCurrentThread() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

	/**
	 * The bytes each of {@code calls} allocates per call on this thread: in each of {@code rounds} rounds every call
	 * runs {@code times} times in turn, and the least round counts (a round the JIT or a collection disturbed does
	 * not). Call only when {@link #counted()}.
	 * @return one figure per call, in their order
	 */
	public static long[] leastPerCall(int rounds, int times, Call... calls) throws Exception {
		long[] least = new long[calls.length];
		Arrays.fill(least, Long.MAX_VALUE);
		for (int round = 0; round < rounds; round++) {
			for (int c = 0; c < calls.length; c++) {
				long start = ofCurrentThread();
				for (int i = 0; i < times; i++) {
					calls[c].run();
				}
				least[c] = Math.min(least[c], (ofCurrentThread() - start) / times);
			}
		}
		return least;
	}

	/** One call whose allocation {@link #leastPerCall} measures. */
	@FunctionalInterface
	public interface Call {

		void run() throws Exception;
	}
}
