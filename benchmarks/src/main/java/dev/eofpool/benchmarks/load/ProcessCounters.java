package dev.eofpool.benchmarks.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * What the client JVM has spent so far: CPU time of the whole process (every thread the client runs, its event
 * loops and selectors, GC and JIT included) and bytes allocated by all threads, read from the JVM's thread
 * allocation counters.
 *
 * @param nanoTime when the reading was taken
 * @param cpuNanos process CPU time
 * @param allocatedBytes bytes allocated by all threads ({@code -1} when the JVM cannot tell)
 * @param gcCount collections so far
 * @param jitMillis time the JIT compilers have spent so far ({@code -1}: unknown)
 */
public record ProcessCounters(long nanoTime, long cpuNanos, long allocatedBytes, long gcCount, long jitMillis) {

	private static final com.sun.management.OperatingSystemMXBean OS =
			(com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private static final com.sun.management.ThreadMXBean THREADS =
			(com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

	/** {@code getTotalThreadAllocatedBytes()}, JDK 21+: counts threads that ended too (and virtual threads' carriers). */
	private static final Method TOTAL_ALLOCATED = totalAllocatedMethod();

	/** Reads the counters now. */
	public static ProcessCounters read() {
		long gc = 0;
		for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
			gc += Math.max(0, bean.getCollectionCount());
		}
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		long jitMillis = (jit != null && jit.isCompilationTimeMonitoringSupported()) ? jit.getTotalCompilationTime() : -1;
		return new ProcessCounters(System.nanoTime(), OS.getProcessCpuTime(), readAllocatedBytes(), gc, jitMillis);
	}

	private static long readAllocatedBytes() {
		if (TOTAL_ALLOCATED != null) {
			try {
				return (long) TOTAL_ALLOCATED.invoke(THREADS);
			}
			catch (ReflectiveOperationException ex) {
				// fall back to the live threads below
			}
		}
		if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
			return -1;
		}
		// JDK 17: live threads only. The load threads and the clients' own pool threads live through the whole
		// window, so what is missed is what short-lived threads allocated
		long total = 0;
		for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}

	private static Method totalAllocatedMethod() {
		try {
			return com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	/** Whether allocations are counted for every thread, ended ones included. */
	public static boolean countsEndedThreads() {
		return TOTAL_ALLOCATED != null;
	}
}
