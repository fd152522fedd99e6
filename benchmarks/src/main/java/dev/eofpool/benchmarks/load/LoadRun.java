package dev.eofpool.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import dev.eofpool.benchmarks.contenders.Client;
import dev.eofpool.benchmarks.contenders.Contender;
import dev.eofpool.benchmarks.contenders.Targets;
import dev.eofpool.benchmarks.contenders.TlsTrust;
import dev.eofpool.benchmarks.server.ServerStatus;

/**
 * Runs one contender through one cell in this JVM: opens its client, starts the load threads, lets them warm up,
 * then measures a window (throughput, latency, process CPU, allocation, sockets the server accepted) and stops.
 * Bounded: every phase has a deadline and the threads stop by themselves.
 */
public final class LoadRun {

	static final int WARMUP = 0;

	static final int MEASURE = 1;

	static final int DONE = 2;

	/** After the window: requests go on (so the cut is clean) but count nowhere. */
	static final int COOLDOWN = 3;

	/** Latencies above this (60 s) are clamped: nothing sane takes that long on loopback. */
	private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

	/** At most this many latency recorders; virtual threads share them round robin. */
	private static final int MAX_RECORDERS = 64;

	private static final long STOP_TIMEOUT_MILLIS = 10_000;

	private final Contender contender;

	private final Cell cell;

	private final URI base;

	private final URI httpsBase;

	private final Path trustStore;

	private volatile int phase = WARMUP;

	public LoadRun(Contender contender, Cell cell, URI base) {
		this(contender, cell, base, null, null);
	}

	/**
	 * @param httpsBase the server's HTTPS root, or {@code null} when it has none
	 * @param trustStore the PKCS12 trust store of its certificate, or {@code null} when it has none
	 */
	public LoadRun(Contender contender, Cell cell, URI base, URI httpsBase, Path trustStore) {
		this.contender = contender;
		this.cell = cell;
		this.base = base;
		this.httpsBase = httpsBase;
		this.trustStore = trustStore;
	}

	int phase() {
		return this.phase;
	}

	/**
	 * Warms up for {@code warmupMillis}, then measures for {@code measureMillis}.
	 * @throws Exception when the client cannot be opened or the server's status cannot be read
	 */
	public CellResult run(long warmupMillis, long measureMillis) throws Exception {
		String unavailable = this.contender.unavailableReason();
		if (unavailable != null) {
			return CellResult.failed(this.contender.name(), this.cell.id(), unavailable);
		}
		if (this.cell.workload().tls() && (this.httpsBase == null || this.trustStore == null)) {
			return CellResult.failed(this.contender.name(), this.cell.id(), "the server has no HTTPS port");
		}
		Targets targets = new Targets(this.base, this.httpsBase,
				(this.trustStore != null) ? TlsTrust.load(this.trustStore) : null);
		long acceptedBefore = ServerStatus.accepted(this.base);
		int recorderCount = Math.min(this.cell.threads(), MAX_RECORDERS);
		List<Recorder> recorders = new ArrayList<>();
		for (int i = 0; i < recorderCount; i++) {
			recorders.add(new Recorder(1_000, MAX_LATENCY_NANOS, 3));
		}
		LongAdder errors = new LongAdder();
		LongAdder warmupErrors = new LongAdder();
		AtomicReference<String> firstError = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		ProcessCounters start;
		ProcessCounters end;
		long acceptedAtStart;
		long acceptedAtEnd;
		try (Client client = this.contender.open(targets, this.cell.connections())) {
			for (int i = 0; i < this.cell.threads(); i++) {
				LoadLoop loop = new LoadLoop(this, client, this.cell.workload(), recorders.get(i % recorderCount), errors,
						warmupErrors, firstError);
				threads.add(LoadThreads.create(this.cell.virtual(), "load-" + i, loop));
			}
			try {
				threads.forEach(Thread::start);
				Thread.sleep(warmupMillis); // the warm-up window itself: the load threads run meanwhile
				acceptedAtStart = ServerStatus.accepted(this.base);
				recorders.forEach(Recorder::reset);
				start = ProcessCounters.read();
				this.phase = MEASURE;
				Thread.sleep(measureMillis); // the measured window itself
				this.phase = COOLDOWN;
				end = ProcessCounters.read();
				acceptedAtEnd = ServerStatus.accepted(this.base);
			}
			finally {
				this.phase = DONE;
				long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
				for (Thread t : threads) {
					t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
			}
		}
		for (Thread t : threads) {
			if (t.isAlive()) {
				throw new IllegalStateException(this.contender.name() + " did not finish a request within "
						+ STOP_TIMEOUT_MILLIS + " ms after the window ended (" + this.cell.id() + ")");
			}
		}
		Histogram latency = new Histogram(1_000, MAX_LATENCY_NANOS, 3);
		for (Recorder r : recorders) {
			latency.add(r.getIntervalHistogram());
		}
		return result(latency, start, end, acceptedBefore, acceptedAtStart, acceptedAtEnd, errors.sum(),
				warmupErrors.sum(), firstError.get());
	}

	private CellResult result(Histogram latency, ProcessCounters start, ProcessCounters end, long acceptedBefore,
			long acceptedAtStart, long acceptedAtEnd, long errors, long warmupErrors, String firstError) {
		long requests = latency.getTotalCount();
		double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
		double perRequest = Math.max(1, requests);
		double allocated = (start.allocatedBytes() < 0) ? -1
				: (end.allocatedBytes() - start.allocatedBytes()) / perRequest;
		// each status reading is itself one accepted connection, counted in its own figure
		long opened = acceptedAtEnd - acceptedBefore - 2;
		long openedInWindow = acceptedAtEnd - acceptedAtStart - 1;
		return new CellResult(this.contender.name(), this.cell.id(), requests, seconds,
				latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
				latency.getMaxValue() / 1e3, (end.cpuNanos() - start.cpuNanos()) / 1e3 / perRequest, allocated,
				end.gcCount() - start.gcCount(), (start.jitMillis() < 0) ? -1 : end.jitMillis() - start.jitMillis(),
				opened, openedInWindow, errors, warmupErrors, (firstError != null) ? firstError : "",
				Runtime.version().toString());
	}
}
