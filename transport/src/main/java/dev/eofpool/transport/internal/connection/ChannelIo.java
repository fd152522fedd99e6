package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;

import dev.eofpool.transport.Route;

/**
 * What a plain {@link Connection} does on its channel beyond its streams: one gathering write of two arrays, one
 * scattering read into two, and the exception an interrupted blocking call becomes. Stateless.
 */
final class ChannelIo {

	private ChannelIo() {
	}

	/**
	 * Writes {@code firstLen} bytes of {@code first}, then {@code len} bytes of {@code second}, with gathering writes
	 * on the blocking channel (one system call, so one TCP segment where they fit), repeated until both are sent.
	 */
	static void writeFully(SocketChannel channel, byte[] first, int firstLen, byte[] second, int off, int len)
			throws IOException {
		ByteBuffer[] parts = { ByteBuffer.wrap(first, 0, firstLen), ByteBuffer.wrap(second, off, len) };
		// a blocking channel takes everything at once unless a signal cuts the call short: then the rest goes next
		while (parts[1].hasRemaining()) {
			channel.write(parts, 0, 2);
		}
	}

	/**
	 * One blocking scattering read: into {@code len} bytes of {@code b} and, once they are full, the first
	 * {@code spillLen} bytes of {@code spill}, in one system call.
	 * @return the bytes read into both, or -1 at the end of the stream
	 */
	static int readScattered(SocketChannel channel, byte[] b, int off, int len, byte[] spill, int spillLen)
			throws IOException {
		return (int) channel.read(new ByteBuffer[] { ByteBuffer.wrap(b, off, len), ByteBuffer.wrap(spill, 0, spillLen) },
				0, 2);
	}

	/**
	 * An interrupt closes a channel in a blocking call with a message-less {@link ClosedByInterruptException}: it
	 * becomes an {@link InterruptedIOException} naming the route. Other exceptions are returned as they are.
	 */
	static IOException interrupted(IOException ex, String what, Route route) {
		if (!(ex instanceof ClosedByInterruptException)) {
			return ex;
		}
		InterruptedIOException interrupted = new InterruptedIOException("Interrupted while " + what + " " + route);
		interrupted.initCause(ex);
		return interrupted;
	}
}
