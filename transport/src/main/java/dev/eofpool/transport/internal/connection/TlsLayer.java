package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.eofpool.transport.CloseReason;

/**
 * The TLS side of a {@link Connection}: the TLS socket reads and writes go through, the raw (encrypted) input under it,
 * which can be looked at without consuming what the TLS socket needs, and the {@link RawSocket} that tells a TCP close
 * without {@code close_notify}. Decoding with a short budget ({@link #readWithin}) tells records that are only
 * post-handshake messages (a late session ticket, say) from data or an end of stream, for the idle probe and the
 * early-answer watch.
 */
final class TlsLayer {

	private final SSLSocket socket;

	/** The decrypted input: the TLS socket's. */
	private final InputStream in;

	/** The raw (undecrypted) input of the channel's socket, looked at and never read. */
	private final InputStream rawIn;

	/** The socket the TLS socket is layered on, or {@code null} when not known (truncation is then not told). */
	private final RawSocket raw;

	TlsLayer(SSLSocket socket, InputStream rawIn, RawSocket raw) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.rawIn = rawIn;
		this.raw = raw;
	}

	/** The TLS socket reads and writes go through. */
	SSLSocket socket() {
		return this.socket;
	}

	/** The TLS session. */
	SSLSession session() {
		return this.socket.getSession();
	}

	/** Encrypted bytes waiting in the socket, which the TLS socket has not read yet. Never blocks. */
	int rawAvailable() throws IOException {
		return this.rawIn.available();
	}

	/**
	 * Whether the TLS socket's end of stream came from the TCP close rather than a {@code close_notify} (see
	 * {@link RawSocket}).
	 */
	boolean endedWithoutCloseNotify() {
		return this.raw != null && this.raw.endOfStreamSeen();
	}

	/**
	 * One read of decrypted bytes that waits at most {@code millis} for the TLS socket to decode what arrived; the
	 * following reads are unbounded again (the {@link IoWatchdog} bounds them).
	 * @throws SocketTimeoutException when the records decoded in that time held no data and no end of stream
	 */
	int readWithin(byte[] b, int off, int len, int millis) throws IOException {
		this.socket.setSoTimeout(millis);
		try {
			return this.in.read(b, off, len);
		}
		finally {
			this.socket.setSoTimeout(0);
		}
	}

	/**
	 * Lets the TLS socket decode the records waiting on an idle connection, for at most 1 ms: end of stream means the
	 * server closed, data means unsolicited bytes, and {@code null} (a timeout) that only handshake messages were
	 * pending.
	 */
	CloseReason probeRecords() throws IOException {
		this.socket.setSoTimeout(1);
		try {
			int b = this.in.read();
			return (b < 0) ? CloseReason.SERVER_CLOSED_IDLE : CloseReason.UNSOLICITED_BYTES;
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		finally {
			this.socket.setSoTimeout(0);
		}
	}

}
