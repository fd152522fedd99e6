package dev.eofpool.benchmarks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.eofpool.benchmarks.contenders.TlsTrust;
import dev.eofpool.benchmarks.load.Workload;

/**
 * Both target servers keep their promises: a POST is answered only once its whole body has arrived, answers have the
 * workloads' lengths, a request that closes the connection is answered with {@code Connection: close} before the
 * connection ends, and the status page counts accepted connections. The nginx case runs where nginx is installed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TargetServerTest {

	@Test
	void embeddedServer() throws Exception {
		try (EmbeddedServer server = EmbeddedServer.start()) {
			check(server);
		}
	}

	@Test
	void nginx(@TempDir Path dir) throws Exception {
		Path nginx = NginxServer.find();
		assumeTrue(nginx != null, "nginx is not installed");
		try (NginxServer server = NginxServer.start(nginx, dir, 1)) {
			check(server);
		}
	}

	@Test
	void embeddedServerOverTls(@TempDir Path dir) throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
		try (EmbeddedServer server = EmbeddedServer.start(certificate)) {
			checkTls(server);
		}
	}

	@Test
	void nginxOverTls(@TempDir Path dir) throws Exception {
		Path nginx = NginxServer.find();
		assumeTrue(nginx != null, "nginx is not installed");
		SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir.resolve("tls"));
		assumeTrue(certificate.pem(), "openssl is not installed");
		try (NginxServer server = NginxServer.start(nginx, dir.resolve("nginx"), 1, certificate)) {
			checkTls(server);
		}
	}

	/** GET /1k twice over one TLS connection that trusts only the run's certificate (host name checked). */
	private static void checkTls(TargetServer server) throws Exception {
		assertEquals(null, server.httpsUnavailableReason());
		URI https = server.httpsBase();
		assertEquals("https", https.getScheme());
		long before = ServerStatus.accepted(server.base());
		SSLSocketFactory factory = TlsTrust.load(server.trustStore()).sslContext().getSocketFactory();
		try (SSLSocket socket = (SSLSocket) factory.createSocket(https.getHost(), https.getPort())) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			for (int i = 0; i < 2; i++) {
				out.write("GET /1k HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertEquals(Workload.HTTPS_GET_1K.responseBytes(), readAnswer(in));
			}
		}
		// the one count covers both ports: the TLS socket above, and this reading's own
		assertEquals(before + 2, ServerStatus.accepted(server.base()));
	}

	private static void check(TargetServer server) throws Exception {
		long before = ServerStatus.accepted(server.base());
		try (Socket socket = new Socket(server.base().getHost(), server.base().getPort())) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write("POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.write(new byte[1000]);
			out.flush();
			socket.setSoTimeout(300);
			assertTrue(nothingArrives(in), "answered before the whole body arrived");
			socket.setSoTimeout(5_000);
			out.write(new byte[24]);
			out.flush();
			assertEquals(Workload.POST_RESPONSE_BYTES, readAnswer(in));
			out.write("GET /64k HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			assertEquals(Workload.GET_64K.responseBytes(), readAnswer(in));
			// a request that closes the connection gets an answer that says so, then the end of the stream
			out.write("GET /1k HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			String head = readHead(in);
			assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), head);
			assertEquals(Workload.GET_1K.responseBytes(), readBody(in, head));
			assertEquals(-1, in.read(), "the connection closes after the answer");
		}
		// the socket above, and this reading's own
		assertEquals(before + 2, ServerStatus.accepted(server.base()));
	}

	private static boolean nothingArrives(InputStream in) throws IOException {
		try {
			in.read();
			return false;
		}
		catch (java.net.SocketTimeoutException ex) {
			return true;
		}
	}

	/** Reads one answer with a 200 status; returns its Content-Length after reading that many bytes. */
	private static int readAnswer(InputStream in) throws IOException {
		return readBody(in, readHead(in));
	}

	/** Reads an answer's head, up to and including its blank line. */
	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("EOF in head: " + head);
			}
			head.append((char) b);
		}
		return head.toString();
	}

	/** Reads the body of a 200 answer whose head is {@code text}; returns its Content-Length. */
	private static int readBody(InputStream in, String text) throws IOException {
		assertTrue(text.startsWith("HTTP/1.1 200 "), text);
		int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
		int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
		byte[] body = in.readNBytes(length);
		assertEquals(length, body.length);
		return length;
	}
}
