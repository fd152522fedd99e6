package dev.eofpool.transport.internal.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.eofpool.transport.tls.TlsFailure;
import dev.eofpool.transport.tls.TlsHandshakeException;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * Layers TLS over a connected socket and runs the handshake: SNI with the host name (not for address literals; a
 * fully qualified name without its trailing dot), endpoint identification {@code HTTPS} unless turned off, the
 * configured protocols and cipher suites, and the handshake timeout. The socket is created with the route's host and port, so the context's session cache resumes an
 * earlier session to the same server on a new connection. Failures become {@link TlsHandshakeException}s naming the
 * route; an interrupt of the caller becomes an {@link InterruptedIOException}, as it does while dialling.
 */
public final class TlsHandshake {

	private TlsHandshake() {
	}

	/**
	 * Performs the handshake over {@code socket} (which the returned socket then owns).
	 * The handshake is bounded by the settings' explicit handshake timeout, else by the connect timeout in force, so a
	 * server that accepts TCP and never answers the ClientHello holds the caller no longer than one that never
	 * accepts; on a {@link RawSocket} the bound is one deadline for all the handshake's reads, else a socket timeout
	 * for each. Afterwards the socket has none, its reads and writes being bounded by the {@link IoWatchdog}.
	 * @param connectTimeout the connect timeout in force for the request
	 * @param routeName names the route in error messages
	 * @throws TlsHandshakeException when the handshake fails or times out; the raw socket is then closed
	 * @throws InterruptedIOException when the thread was interrupted during the handshake (its interrupt status stays
	 * set); the raw socket is then closed
	 */
	public static SSLSocket handshake(Socket socket, String host, int port, TlsSettings settings,
			Duration connectTimeout, String routeName) throws IOException {
		Duration bound = settings.handshakeTimeout(connectTimeout);
		// the name the certificate is checked against, the SNI and the session cache's key
		String name = serverName(host);
		SSLSocket tls = (SSLSocket) settings.socketFactory().createSocket(socket, name, port, true);
		try {
			tls.setUseClientMode(true);
			SSLParameters params = tls.getSSLParameters();
			if (!isAddressLiteral(name)) {
				params.setServerNames(List.of(new SNIHostName(name)));
			}
			params.setEndpointIdentificationAlgorithm(settings.hostnameVerification() ? "HTTPS" : null);
			if (!settings.protocols().isEmpty()) {
				params.setProtocols(settings.protocols().toArray(new String[0]));
			}
			if (!settings.cipherSuites().isEmpty()) {
				params.setCipherSuites(settings.cipherSuites().toArray(new String[0]));
			}
			tls.setSSLParameters(params);
			int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bound.toMillis()));
			tls.setSoTimeout(millis);
			if (socket instanceof RawSocket raw) {
				// the whole handshake within the bound, however steadily the server's bytes arrive
				raw.readsEndBy(millis);
			}
			tls.startHandshake();
			if (socket instanceof RawSocket raw) {
				raw.readsUnbounded();
			}
			tls.setSoTimeout(0);
			return tls;
		}
		catch (IOException | IllegalArgumentException ex) {
			closeQuietly(socket);
			if (interrupted(ex)) {
				InterruptedIOException interrupted = new InterruptedIOException("Interrupted during the TLS handshake "
						+ "with " + routeName);
				interrupted.initCause(ex);
				throw interrupted;
			}
			throw failure(ex, settings, bound, routeName);
		}
	}

	/**
	 * Whether the handshake failed because the thread was interrupted: the interrupt closes the channel under the TLS
	 * socket with a {@link ClosedByInterruptException}, which the TLS socket wraps in an {@code SSLException}.
	 */
	static boolean interrupted(Throwable ex) {
		if (Thread.currentThread().isInterrupted()) {
			return true;
		}
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof ClosedByInterruptException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The host as TLS names the server: a fully qualified name's trailing dot ({@code example.com.}, the same name as
	 * {@code example.com}) dropped, as SNI carries none (RFC 6066 section 3) and certificates name hosts without it.
	 */
	static String serverName(String host) {
		return (host.length() > 1 && host.endsWith(".")) ? host.substring(0, host.length() - 1) : host;
	}

	/** Whether the host is an IPv4 or IPv6 literal (SNI carries only host names). */
	static boolean isAddressLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c != '.' && (c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

	/** Classifies a handshake failure and describes it with the route and what the client offered. */
	static TlsHandshakeException failure(Exception ex, TlsSettings settings, Duration bound, String routeName) {
		TlsFailure failure = classify(ex);
		StringBuilder message = new StringBuilder("TLS handshake with ").append(routeName).append(" failed: ")
			.append(failure.description());
		switch (failure) {
			case HANDSHAKE_TIMEOUT:
				message.append(" after ").append(bound.toMillis()).append(" ms")
					.append((settings.handshakeTimeout() != null) ? " (the TLS handshake timeout)"
							: " (the connect timeout; a TLS handshake timeout can be set on its own)");
				break;
			case PROTOCOL_MISMATCH:
				message.append(" (client offered ").append(settings.offeredProtocols()).append(")");
				break;
			case CIPHER_MISMATCH:
				message.append(" (client offered protocols ").append(settings.offeredProtocols())
					.append(" and cipher suites ").append(settings.cipherSuites().isEmpty() ? "(the defaults)"
							: settings.cipherSuites().toString())
					.append(")");
				break;
			case HOSTNAME_MISMATCH:
				message.append(" (hostname verification can be turned off in the TLS settings, for tests only)");
				break;
			default:
				break;
		}
		message.append(": ").append(rootMessage(ex));
		return new TlsHandshakeException(message.toString(), failure, ex);
	}

	static TlsFailure classify(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SocketTimeoutException) {
				return TlsFailure.HANDSHAKE_TIMEOUT;
			}
			String m = String.valueOf(t.getMessage());
			if (t instanceof CertificateException
					&& (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
				return TlsFailure.HOSTNAME_MISMATCH;
			}
			if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
					|| t instanceof java.security.cert.CertificateExpiredException
					|| t instanceof java.security.cert.CertificateNotYetValidException
					|| m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
				return TlsFailure.UNTRUSTED_CERTIFICATE;
			}
		}
		for (Throwable t = ex; t != null; t = t.getCause()) {
			String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
			if (m.contains("protocol_version") || m.contains("no appropriate protocol")
					|| m.contains("protocol is disabled") || m.contains("unsupported protocol")) {
				return TlsFailure.PROTOCOL_MISMATCH;
			}
			if (m.contains("handshake_failure") || m.contains("no cipher suites in common")
					|| m.contains("insufficient_security") || m.contains("no negotiable cipher suite")) {
				return TlsFailure.CIPHER_MISMATCH;
			}
			if (t instanceof EOFException || m.contains("remote host terminated the handshake")
					|| m.contains("unsupported or unrecognized ssl message")) {
				return TlsFailure.CLOSED_DURING_HANDSHAKE;
			}
		}
		return TlsFailure.OTHER;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String top = String.valueOf(ex.getMessage());
		String bottom = String.valueOf(root.getMessage());
		return (root == ex || top.contains(bottom)) ? top : top + " (" + bottom + ")";
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already failing
		}
	}
}
