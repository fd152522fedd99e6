package dev.eofpool.benchmarks.contenders;

import java.util.List;

import dev.eofpool.benchmarks.load.Cell;

/** One HTTP client in the comparison, able to open a {@link Client} sized for a cell. */
public interface Contender {

	/** Name in tables and on the command line, e.g. {@code HttpComponents} or {@code raw OkHttp}. */
	String name();

	/** Whether requests go through Spring's {@code RestClient} ({@code false}: the client's own API). */
	boolean viaRestClient();

	/** Whether this is eofpool itself (the others are the peers it is measured against). */
	default boolean eofpool() {
		return false;
	}

	/**
	 * Whether this is a reference rather than a client (the least a Java client can do): shown beside the others
	 * but never taken as a peer.
	 */
	default boolean baseline() {
		return false;
	}

	/** Whether this is the JVM socket floor that eofpool's targets are set against (a {@link #baseline()} too). */
	default boolean floor() {
		return false;
	}

	/** Why this contender cannot run in this JVM (a class missing), or {@code null} when it can. */
	default String unavailableReason() {
		return null;
	}

	/** JVM options the worker running this contender needs for the cell. */
	default List<String> jvmOptions(Cell cell) {
		return List.of();
	}

	/**
	 * Opens a client with a pool of {@code connections} connections to the targets' server.
	 * @throws Exception when the client cannot be built
	 */
	Client open(Targets targets, int connections) throws Exception;
}
