package dev.eofpool.transport.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.eofpool.testfixtures.ThreadAllocations;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;

/**
 * A profiling aid, not a test: loops GET 1 KiB requests on the raw transport against a minimal keep-alive server on
 * one thread and prints the calling thread's allocated bytes and CPU time per request (the JDK's HttpServer that
 * TestHttpServer wraps records every request and stalled within a minute of such a loop). Run it under JFR to see
 * where the transport's share of the time goes. Arguments: seconds to loop (default 10), leak detection on or off
 * (default on), e.g. {@code java -XX:StartFlightRecording=filename=loop.jfr,settings=profile -cp ... RawLoop 20 true}.
 */
public final class RawLoop {

	private RawLoop() {
	}

	/** Warms up, then loops for the given seconds and prints bytes and CPU nanoseconds per request. */
	public static void main(String[] args) throws Exception {
		long seconds = (args.length > 0) ? Long.parseLong(args[0]) : 10;
		boolean leaks = args.length <= 1 || Boolean.parseBoolean(args[1]);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				HttpTransport transport = new HttpTransport(TransportConfig.builder().leakDetection(leaks).build())) {
			Thread serving = new Thread(() -> serve(server), "raw-loop-server");
			serving.setDaemon(true);
			serving.start();
			HttpRequest request = HttpRequest.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"));
			byte[] sink = new byte[4096];
			for (int i = 0; i < 20_000; i++) {
				once(transport, request, sink);
			}
			long bytes = ThreadAllocations.ofCurrentThread();
			long cpu = threads.getCurrentThreadCpuTime();
			long end = System.nanoTime() + seconds * 1_000_000_000L;
			long n = 0;
			while (System.nanoTime() - end < 0) {
				for (int i = 0; i < 1000; i++) {
					once(transport, request, sink);
				}
				n += 1000;
			}
			System.out.printf("leakDetection=%s requests=%d bytes/request=%d cpu ns/request=%d%n", leaks, n,
					(ThreadAllocations.ofCurrentThread() - bytes) / n, (threads.getCurrentThreadCpuTime() - cpu) / n);
		}
	}

	/** Answers every request of each connection with the same 1 KiB response, until the client closes it. */
	private static void serve(ServerSocket server) {
		byte[] response = ("HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n" + "x".repeat(1024))
			.getBytes(StandardCharsets.US_ASCII);
		try {
			while (true) {
				Socket s = server.accept();
				Thread t = new Thread(() -> {
					try (s; InputStream in = new java.io.BufferedInputStream(s.getInputStream());
							OutputStream out = s.getOutputStream()) {
						int state = 0;
						int b;
						while ((b = in.read()) != -1) {
							// counts the CR LF CR LF that ends a request head (requests carry no body)
							state = (b == ((state % 2 == 0) ? '\r' : '\n')) ? state + 1 : ((b == '\r') ? 1 : 0);
							if (state == 4) {
								out.write(response);
								out.flush();
								state = 0;
							}
						}
					}
					catch (IOException ex) {
						// the client went away
					}
				});
				t.setDaemon(true);
				t.start();
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private static void once(HttpTransport transport, HttpRequest request, byte[] sink) throws Exception {
		try (HttpResponse response = transport.send(request)) {
			while (response.body().read(sink) != -1) {
				// read to the end: the connection goes back inside the last read
			}
		}
	}
}
