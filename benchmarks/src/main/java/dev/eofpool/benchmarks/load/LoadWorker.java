package dev.eofpool.benchmarks.load;

import java.net.URI;

import dev.eofpool.benchmarks.contenders.Contenders;

/**
 * Main class of a worker JVM: runs one contender through one cell and prints one {@link CellResult} line. The driver
 * starts one worker per contender and cell so that no contender inherits another's JIT profile, heap or threads.
 * <p>
 * Arguments: {@code contender cell baseUri warmupMillis measureMillis}.
 */
public final class LoadWorker {

	private LoadWorker() {
	}

	public static void main(String[] args) {
		if (args.length != 5) {
			System.err.println("usage: LoadWorker <contender> <cell> <base-uri> <warmup-ms> <measure-ms>");
			System.exit(2);
		}
		String contender = args[0];
		String cell = args[1];
		int status = 0;
		try {
			LoadRun run = new LoadRun(Contenders.named(contender), Cell.parse(cell), URI.create(args[2]));
			System.out.println(run.run(Long.parseLong(args[3]), Long.parseLong(args[4])).toLine());
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.out.println(CellResult.failed(contender, cell, String.valueOf(ex)).toLine());
			status = 1;
		}
		System.out.flush();
		// some clients leave non-daemon threads behind (event loops, selectors): the worker's job is done
		System.exit(status);
	}
}
