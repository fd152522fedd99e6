package dev.eofpool.testfixtures;

import java.lang.management.ManagementFactory;

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
}
