package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.io.InputStream;

import dev.eofpool.benchmarks.load.Workload;

/**
 * One contender's client, opened for a cell: sends requests of a workload and reads each answer to its end.
 * Thread-safe: every load thread of the cell shares the one instance, as an application shares one client.
 */
public interface Client extends AutoCloseable {

	/**
	 * Sends one request and reads the whole response body.
	 * @param scratch the calling thread's own buffer to read into (the harness allocates nothing per request)
	 * @throws IOException on any failure, including a status other than 200 or a body of the wrong length
	 */
	void exchange(Workload workload, byte[] scratch) throws IOException;

	/** Closes the client and what it owns; never throws {@link InterruptedException}, as try-with-resources wants. */
	@Override
	void close() throws IOException;

	/**
	 * Reads a body to its end into {@code scratch} and checks its length.
	 * @throws IOException when the length differs from what the workload expects
	 */
	static void drain(InputStream body, byte[] scratch, Workload workload) throws IOException {
		long total = 0;
		int n;
		while ((n = body.read(scratch)) >= 0) {
			total += n;
		}
		if (total != workload.responseBytes()) {
			throw new IOException("Expected " + workload.responseBytes() + " body bytes for " + workload + " but read "
					+ total);
		}
	}

	/** Fails unless the status is 200. */
	static void expectOk(int status, Workload workload) throws IOException {
		if (status != 200) {
			throw new IOException("Status " + status + " for " + workload);
		}
	}
}
