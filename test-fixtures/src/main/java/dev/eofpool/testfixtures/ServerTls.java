package dev.eofpool.testfixtures;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Wraps a test server's accepted sockets in server-mode TLS, optionally limited to some protocols or cipher suites,
 * and records every completed handshake's session, so tests count handshakes and see resumption from the server's
 * side (a resumed TLS 1.2 session keeps its ID; a resumed TLS 1.3 session keeps the original creation time).
 */
public final class ServerTls implements TestServer.SocketWrapper {

	private final SSLContext context;

	private final String[] protocols;

	private final String[] cipherSuites;

	private final List<SSLSession> handshakes = new CopyOnWriteArrayList<>();

	private ServerTls(SSLContext context, String[] protocols, String[] cipherSuites) {
		this.context = context;
		this.protocols = protocols;
		this.cipherSuites = cipherSuites;
	}

	/** Presents one of the {@link TestCertificates}, with the JDK's default protocols and cipher suites. */
	public static ServerTls of(String certificate) {
		return new ServerTls(TestCertificates.serverContext(certificate), null, null);
	}

	public ServerTls protocols(String... values) {
		return new ServerTls(this.context, values, this.cipherSuites);
	}

	public ServerTls cipherSuites(String... values) {
		return new ServerTls(this.context, this.protocols, values);
	}

	@Override
	public Socket wrap(Socket accepted) throws IOException {
		// no Nagle: a test's small unsolicited write must reach the client at once, not after its delayed ACK
		accepted.setTcpNoDelay(true);
		SSLSocket tls = (SSLSocket) this.context.getSocketFactory().createSocket(accepted, null, accepted.getPort(),
				true);
		tls.setUseClientMode(false);
		SSLParameters params = tls.getSSLParameters();
		if (this.protocols != null) {
			params.setProtocols(this.protocols);
		}
		if (this.cipherSuites != null) {
			params.setCipherSuites(this.cipherSuites);
		}
		tls.setSSLParameters(params);
		tls.startHandshake();
		// recorded before the script reads the request, so before the client can see any response
		// (a HandshakeCompletedListener would run later, on its own thread)
		this.handshakes.add(tls.getSession());
		return tls;
	}

	/** The sessions of the handshakes completed so far, in order. */
	public List<SSLSession> handshakes() {
		return this.handshakes;
	}
}
