package dev.eofpool.transport.internal.io;

/**
 * The two pools a transport's connections borrow from: {@link WireReader#BUFFER_SIZE} arrays for reading and
 * {@link WireWriter#BUFFER_SIZE} arrays for writing, each keeping at most {@link BufferPool#defaultMaxFree()} free.
 * One per transport (its connector's) rather than one per JVM: the free arrays go with the transport when it closes, no
 * static state outlives it (a restarted application context, a test suite creating many transports), and the lending
 * needs nothing from the configuration; an application rarely has more than a few transports, so sharing across them
 * would save little.
 *
 * @param reads lends the readers' buffers
 * @param writes lends the writers' buffers
 */
public record BufferPools(BufferPool reads, BufferPool writes) {

	/** Pools of the standard sizes, each keeping {@link BufferPool#defaultMaxFree()} free arrays at most. */
	public static BufferPools standard() {
		int maxFree = BufferPool.defaultMaxFree();
		return new BufferPools(new BufferPool(WireReader.BUFFER_SIZE, maxFree),
				new BufferPool(WireWriter.BUFFER_SIZE, maxFree));
	}
}
