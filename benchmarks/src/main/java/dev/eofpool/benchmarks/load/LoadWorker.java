package dev.eofpool.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

import dev.eofpool.benchmarks.contenders.Contenders;

/**
 * Main class of a worker JVM: runs one contender through one cell and prints one {@link CellResult} line. The driver
 * starts one worker per contender and cell so that no contender inherits another's JIT profile, heap or threads.
 * <p>
 * Arguments: {@code contender cell baseUri warmupMillis measureMillis [httpsBaseUri trustStore]}.
 */
public final class LoadWorker {

	private LoadWorker() {
	}

	public static void main(String[] args) {
		if (args.length != 5 && args.length != 7) {
			System.err.println("usage: LoadWorker <contender> <cell> <base-uri> <warmup-ms> <measure-ms> "
					+ "[<https-base-uri> <trust-store>]");
			System.exit(2);
		}
		String contender = args[0];
		String cell = args[1];
		int status = 0;
		try {
			URI httpsBase = (args.length == 7) ? URI.create(args[5]) : null;
			Path trustStore = (args.length == 7) ? Paths.get(args[6]) : null;
			LoadRun run = new LoadRun(Contenders.named(contender), Cell.parse(cell), URI.create(args[2]), httpsBase,
					trustStore);
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
