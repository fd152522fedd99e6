package dev.eofpool.transport.internal.connection;

import java.io.IOException;
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
	 * @param timeout bounds each write and read of the exchange (the connect timeout)
	 */
	static void open(Connection conn, Route route, HeadLimits limits, Duration timeout) throws IOException {
		HttpProxy proxy = route.proxy();
		String target = route.hostPort();
		PhaseDeadlines.tunnel(conn, timeout);
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
		ResponseHead head = ResponseHeadParser.read(conn.reader(), limits, route);
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
}
