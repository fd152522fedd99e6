package dev.eofpool.benchmarks.load;

/**
 * One cell of the table: a workload driven by {@code threads} looping threads over a client whose pool holds
 * {@code connections} connections.
 *
 * @param workload what each request does
 * @param threads how many threads send requests back to back
 * @param connections the pool size every contender is given (equal to {@code threads} on platform threads)
 * @param virtual whether the threads are virtual (needs JDK 21 or later in the worker)
 */
public record Cell(Workload workload, int threads, int connections, boolean virtual) {

	public Cell {
		if (threads < 1 || connections < 1) {
			throw new IllegalArgumentException("threads and connections must be at least 1: " + threads + "/" + connections);
		}
	}

	/** A platform-thread cell with one connection per thread. */
	public static Cell platform(Workload workload, int concurrency) {
		return new Cell(workload, concurrency, concurrency, false);
	}

	/**
	 * Parses {@code get1k:c16} (platform threads, one connection each) or {@code get1k:vt1000/64} (virtual threads
	 * sharing 64 connections), the form {@link #id()} prints.
	 */
	public static Cell parse(String text) {
		int colon = text.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("Cell '" + text + "' is not workload:cN or workload:vtN/M");
		}
		Workload workload = Workload.ofId(text.substring(0, colon));
		String shape = text.substring(colon + 1);
		try {
			if (shape.startsWith("c")) {
				return platform(workload, Integer.parseInt(shape.substring(1)));
			}
			if (shape.startsWith("vt")) {
				int slash = shape.indexOf('/');
				return new Cell(workload, Integer.parseInt(shape.substring(2, slash)),
						Integer.parseInt(shape.substring(slash + 1)), true);
			}
		}
		catch (RuntimeException ex) {
			// fall through to the message below
		}
		throw new IllegalArgumentException("Cell '" + text + "' is not workload:cN or workload:vtN/M");
	}

	public String id() {
		return this.workload.id() + ":" + (this.virtual ? "vt" + this.threads + "/" + this.connections : "c" + this.threads);
	}

	/** Human label, e.g. {@code GET 1 KiB, c=16} or {@code GET 1 KiB, 1000 VT / 64}. */
	public String label() {
		return this.workload.label() + ", "
				+ (this.virtual ? this.threads + " VT / " + this.connections : "c=" + this.threads);
	}
}
