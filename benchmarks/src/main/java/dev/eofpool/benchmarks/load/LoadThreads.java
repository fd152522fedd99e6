package dev.eofpool.benchmarks.load;

import java.lang.reflect.Method;

/**
 * Makes the load threads: platform threads, or virtual threads through {@code Thread.ofVirtual()} found by
 * reflection (the module compiles for Java 17; the virtual-thread cells run their worker on JDK 21 or later).
 */
final class LoadThreads {

	private LoadThreads() {
	}

	static Thread create(boolean virtual, String name, Runnable task) {
		if (!virtual) {
			Thread t = new Thread(task, name);
			t.setDaemon(true);
			return t;
		}
		try {
			Method ofVirtual = Thread.class.getMethod("ofVirtual");
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			Object builder = ofVirtual.invoke(null);
			builder = builderType.getMethod("name", String.class).invoke(builder, name);
			return (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, task);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need JDK 21 or later; this is " + Runtime.version(), ex);
		}
	}
}
