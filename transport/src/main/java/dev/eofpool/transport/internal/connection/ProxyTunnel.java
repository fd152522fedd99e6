package dev.eofpool.transport.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.eofpool.transport.HttpProtocolException;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.internal.http1.HeadLimits;
import dev.eofpool.transport.internal.http1.ResponseHead;
import dev.eofpool.transport.internal.http1.ResponseHeadParser;
import dev.eofpool.transport.internal.io.WireWriter;
import dev.eofpool.transport.proxy.HttpProxy;
import dev.eofpool.transport.proxy.ProxyTunnelException;

/**
 * Asks an HTTP proxy for a tunnel to an {@code https} origin ({@code CONNECT host:port}, RFC 9110 section 9.3.6),
 * sending the configured {@code Proxy-Authorization}. After a 2xx answer the connection carries raw bytes to the origin
 * and TLS starts over it; any other answer fails with the proxy's status line.
 */
final class ProxyTunnel {

	private ProxyTunnel() {
	}

	/**
	 * Sends {@code CONNECT} on the freshly opened plain connection to the proxy and reads the answer.
	 * @param timeout bounds each write of the exchange, and all the reads of the answer together (the connect timeout)
	 * @throws SocketTimeoutException naming the proxy and the target when the answer did not come in time
	 */
	static void open(Connection conn, Route route, HeadLimits limits, Duration timeout) throws IOException {
		HttpProxy proxy = route.proxy();
		String target = route.hostPort();
		PhaseDeadlines.tunnel(conn, timeout);
		ResponseHead head;
		try {
			head = exchange(conn, route, limits);
		}
		catch (IOException ex) {
			throw named(ex, proxy, target, timeout);
		}
		String statusLine = head.version() + " " + head.status() + (head.reason().isEmpty() ? "" : " " + head.reason());
		if (head.status() < 200 || head.status() > 299) {
			StringBuilder message = new StringBuilder("Proxy ").append(proxy).append(" refused the tunnel to ")
				.append(route.scheme()).append("://").append(target).append(": ").append(statusLine);
			if (head.status() == 407) {
				String challenge = head.headers().first("Proxy-Authenticate");
				message.append(" (the proxy requires authentication")
					.append((challenge != null) ? ", Proxy-Authenticate: " + challenge : "")
					.append((proxy.authorization() != null) ? "; it rejected the configured credentials)"
							: "; no proxy credentials are configured)");
			}
			throw new ProxyTunnelException(message.toString(), head.status(), statusLine);
		}
		int early = conn.reader().available();
		if (early > 0) {
			throw new HttpProtocolException("Proxy " + proxy + " sent " + early + " bytes after its "
					+ statusLine + " answer to CONNECT " + target + ", before the tunnel's TLS handshake");
		}
	}

	/** Writes the {@code CONNECT} request and reads the proxy's answer head. */
	private static ResponseHead exchange(Connection conn, Route route, HeadLimits limits) throws IOException {
		HttpProxy proxy = route.proxy();
		String target = route.hostPort();
		WireWriter out = conn.writer();
		// the host as a request's target is written: a character outside visible ASCII never reaches the wire as is
		out.writeAscii("CONNECT ");
		out.writeUriPart(target);
		out.writeAscii(" HTTP/1.1\r\nHost: ");
		out.writeUriPart(target);
		out.writeAscii("\r\n");
		if (proxy.authorization() != null) {
			out.writeAscii("Proxy-Authorization: " + proxy.authorization() + "\r\n");
		}
		out.writeAscii("\r\n");
		out.flush();
		return ResponseHeadParser.read(conn.reader(), limits, route);
	}

	/**
	 * An I/O failure of the {@code CONNECT} exchange as the caller sees it: a timeout names the proxy, the target and
	 * the connect timeout that ran out; an interrupt, and a failure whose message names the route (and so the proxy)
	 * already, are kept as they are; any other failure (a reset, say) is wrapped in one naming the proxy and the target.
	 */
	static IOException named(IOException ex, HttpProxy proxy, String target, Duration timeout) {
		if (ex instanceof InterruptedIOException && !(ex instanceof SocketTimeoutException)
				|| String.valueOf(ex.getMessage()).contains(proxy.toString())) {
			return ex;
		}
		if (ex instanceof SocketTimeoutException) {
			SocketTimeoutException timedOut = new SocketTimeoutException("Proxy " + proxy + " did not answer CONNECT "
					+ target + " within the connect timeout of " + timeout.toMillis() + " ms");
			timedOut.initCause(ex);
			return timedOut;
		}
		return new IOException("CONNECT " + target + " through proxy " + proxy + " failed: " + ex.getMessage(), ex);
	}
}
