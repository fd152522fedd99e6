package dev.eofpool.benchmarks.load;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;

import dev.eofpool.benchmarks.contenders.Client;

/**
 * One load thread: sends requests back to back until the run says stop, recording the latency of each request that
 * ends inside the measured window. Nothing here allocates per request.
 */
final class LoadLoop implements Runnable {

	/** After this many failures in a row, a loop pauses between requests so a broken client cannot spin. */
	private static final int FAILURES_BEFORE_PAUSE = 20;

	private final LoadRun run;

	private final Client client;

	private final Workload workload;

	private final Recorder latencies;

	private final LongAdder errors;

	private final LongAdder warmupErrors;

	private final AtomicReference<String> firstError;

	private final byte[] scratch = new byte[16 * 1024];

	LoadLoop(LoadRun run, Client client, Workload workload, Recorder latencies, LongAdder errors,
			LongAdder warmupErrors, AtomicReference<String> firstError) {
		this.run = run;
		this.client = client;
		this.workload = workload;
		this.latencies = latencies;
		this.errors = errors;
		this.warmupErrors = warmupErrors;
		this.firstError = firstError;
	}

	@Override
	public void run() {
		int failuresInARow = 0;
		int phase;
		while ((phase = this.run.phase()) != LoadRun.DONE) {
			long start = System.nanoTime();
			Throwable failure = null;
			try {
				this.client.exchange(this.workload, this.scratch);
			}
			catch (Exception | LinkageError ex) {
				failure = ex;
			}
			long end = System.nanoTime();
			phase = this.run.phase();
			if (failure == null) {
				failuresInARow = 0;
				if (phase == LoadRun.MEASURE) {
					this.latencies.recordValue(Math.max(1, end - start));
				}
				continue;
			}
			if (phase == LoadRun.MEASURE) {
				this.errors.increment();
			}
			else if (phase == LoadRun.WARMUP) {
				this.warmupErrors.increment();
			}
			this.firstError.compareAndSet(null, String.valueOf(failure));
			if (++failuresInARow >= FAILURES_BEFORE_PAUSE) {
				pause();
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10); // back-off after a failed request, so an error storm does not spin the load thread
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
