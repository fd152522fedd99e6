package dev.eofpool.spring.observation;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import dev.eofpool.testfixtures.ServerTls;
import dev.eofpool.testfixtures.TestServer;

/**
 * A slow TLS server: holds each accepted connection for {@code hold} before {@link ServerTls} reads the client's
 * hello and answers, so the client's handshake takes at least that long while its TCP connect (completed by the
 * kernel before the accept) does not.
 */
final class HeldTls implements TestServer.SocketWrapper {

	private final ServerTls tls;

	private final Duration hold;

	HeldTls(ServerTls tls, Duration hold) {
		this.tls = tls;
		this.hold = hold;
	}

	@Override
	public Socket wrap(Socket accepted) throws IOException {
		try {
			Thread.sleep(this.hold.toMillis()); // the slow server: the delay under test
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while holding the handshake", ex);
		}
		return this.tls.wrap(accepted);
	}

}
