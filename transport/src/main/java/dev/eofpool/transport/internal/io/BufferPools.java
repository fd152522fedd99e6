package dev.eofpool.transport.internal.io;

/**
 * The two pools a transport's connections borrow from: {@link WireReader#BUFFER_SIZE} arrays for reading and
 * {@link WireWriter#BUFFER_SIZE} arrays for writing, each keeping at most {@link BufferPool#defaultMaxFree()} free.
 * One per transport, so its bound and its free arrays go with the transport.
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
