package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.eofpool.transport.CloseReason;

/**
 * Looks at an idle socket without blocking: a peer that closed it shows end of stream, a peer that sent bytes nobody
 * asked for shows data. Either way the connection must not be reused.
 * <p>
 * Over TLS a non-blocking read of the channel would consume encrypted bytes the TLS socket needs, so the probe looks
 * before it reads: decrypted bytes already inside the TLS socket are unsolicited data; with no encrypted bytes
 * waiting either ({@code FIONREAD} on the raw socket), a one-byte non-blocking read of the channel can only see the
 * end of stream or nothing, and consumes nothing that matters. When encrypted bytes are waiting (a
 * {@code close_notify}, unsolicited data, or a post-handshake message such as a late session ticket), the TLS socket
 * decodes them with a 1 ms budget: end of stream means the server closed, data means unsolicited bytes, and a timeout
 * means only handshake messages were pending, so the connection is still good.
 * <p>
 * A channel closed on this side (by the {@link IoWatchdog} just as the last read of the exchange returned, say) is
 * reported as {@link CloseReason#IO_ERROR}, never as the server closing it: the pool learns the server's idle
 * timeout from {@link CloseReason#SERVER_CLOSED_IDLE} alone.
 * <p>
 * Race: bytes may arrive between the look and the raw read. The read then takes the first byte of a TLS record, the
 * stream can no longer be decrypted, and the probe reports unsolicited bytes so the connection is closed. Bytes
 * arriving on an idle connection are nearly always a {@code close_notify}, so nothing reusable is lost.
 */
final class IdleProbe {

	private IdleProbe() {
	}

	/**
	 * Why the idle connection must not be reused, or {@code null} when it is still good.
	 * @param in the input reads go through (the TLS socket's over TLS)
	 * @param tls the TLS side, or {@code null} for a plain connection
	 */
	static CloseReason probe(SocketChannel channel, InputStream in, TlsLayer tls) {
		if (!channel.isOpen()) {
			return CloseReason.IO_ERROR; // closed on this side, not by the server
		}
		try {
			if (tls != null) {
				if (in.available() > 0) {
					return CloseReason.UNSOLICITED_BYTES;
				}
				if (tls.rawAvailable() > 0) {
					return tls.probeRecords();
				}
			}
			int n;
			channel.configureBlocking(false);
			try {
				n = channel.read(ByteBuffer.allocate(1));
			}
			finally {
				channel.configureBlocking(true);
			}
			if (n < 0) {
				return CloseReason.SERVER_CLOSED_IDLE;
			}
			return (n > 0) ? CloseReason.UNSOLICITED_BYTES : null;
		}
		catch (IOException ex) {
			// a ClosedChannelException, or a TLS socket's failure, when this side closed it while the probe looked
			return channel.isOpen() ? CloseReason.SERVER_CLOSED_IDLE : CloseReason.IO_ERROR;
		}
	}

}
