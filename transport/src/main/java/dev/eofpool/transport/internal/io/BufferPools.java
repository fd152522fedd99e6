package dev.eofpool.transport.internal.io;

/**
 * The pools a transport's connections borrow from: {@link WireReader#BUFFER_SIZE} arrays for reading,
 * {@link WireWriter#BUFFER_SIZE} arrays for a plain connection's writes and {@link WireWriter#TLS_BUFFER_SIZE} (one
 * TLS record's plaintext) for a TLS connection's, each keeping at most {@link BufferPool#defaultMaxFree()} free. A
 * plain connection sends a large body with its head in one gathering write and needs no larger buffer; a TLS socket
 * makes one record of each array it is given, so a request whose head and body fit in one record is written from one
 * array.
 * One per transport (its connector's) rather than one per JVM: the free arrays go with the transport when it closes, no
 * static state outlives it (a restarted application context, a test suite creating many transports), and the lending
 * needs nothing from the configuration; an application rarely has more than a few transports, so sharing across them
 * would save little.
 *
 * @param reads lends the readers' buffers
 * @param writes lends the plain connections' writers' buffers
 * @param tlsWrites lends the TLS connections' writers' buffers
 */
public record BufferPools(BufferPool reads, BufferPool writes, BufferPool tlsWrites) {

	/** Pools of the standard sizes, each keeping {@link BufferPool#defaultMaxFree()} free arrays at most. */
	public static BufferPools standard() {
		int maxFree = BufferPool.defaultMaxFree();
		return new BufferPools(new BufferPool(WireReader.BUFFER_SIZE, maxFree),
				new BufferPool(WireWriter.BUFFER_SIZE, maxFree), new BufferPool(WireWriter.TLS_BUFFER_SIZE, maxFree));
	}
}
