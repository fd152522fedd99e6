package dev.eofpool.transport.hardening;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A keep-alive server for the soak test that answers each request ({@code X-Id} header) with the body
 * {@link SoakPayloads} derives from its id, echoing the id, in a framing chosen by the id; and that injects faults at
 * random: closes and resets before the response, in the middle of the body or on the idle connection after it,
 * stalls past the client's read timeout, and garbage after the response. It counts every delivery of every id.
 */
final class FaultServer implements AutoCloseable {

	enum Fault {
		CLOSE_BEFORE_RESPONSE, RESET_BEFORE_RESPONSE, STALL_BEFORE_RESPONSE, CLOSE_MID_BODY, RESET_MID_BODY,
		STALL_MID_BODY, CLOSE_IDLE_AFTER, RESET_IDLE_AFTER, GARBAGE_AFTER
	}

	private final ServerSocket listener;

	private final String host;

	private final int faultPercent;

	private final long stallMillis;

	private final ExecutorService executor = Executors.newCachedThreadPool((r) -> {
		Thread t = new Thread(r, "fault-server");
		t.setDaemon(true);
		return t;
	});

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	/** Deliveries per request id (a request fully read by the server). */
	final Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();

	final Map<Fault, AtomicLong> faults = new ConcurrentHashMap<>();

	final AtomicLong corruptRequests = new AtomicLong();

	final AtomicInteger accepted = new AtomicInteger();

	FaultServer(String host, int faultPercent, long stallMillis) throws IOException {
		this.host = host;
		this.faultPercent = faultPercent;
		this.stallMillis = stallMillis;
		this.listener = new ServerSocket();
		this.listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 256);
		for (Fault f : Fault.values()) {
			this.faults.put(f, new AtomicLong());
		}
		this.executor.execute(this::acceptLoop);
	}

	URI uri() {
		return URI.create("http://" + this.host + ":" + this.listener.getLocalPort() + "/soak");
	}

	private void acceptLoop() {
		while (!this.listener.isClosed()) {
			Socket s;
			try {
				s = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.accepted.incrementAndGet();
			this.sockets.add(s);
			this.executor.execute(() -> serve(s));
		}
	}

	private void serve(Socket s) {
		try (s) {
			s.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(s.getInputStream());
			OutputStream out = s.getOutputStream();
			for (;;) {
				Request request = readRequest(in);
				if (request == null) {
					return;
				}
				int delivery = this.deliveries.computeIfAbsent(request.id, (k) -> new AtomicInteger()).incrementAndGet();
				if (request.method.equals("POST") && !Arrays.equals(request.body, SoakPayloads.requestBody(request.id))) {
					this.corruptRequests.incrementAndGet();
				}
				Random r = new Random(request.id * 31 + delivery);
				Fault fault = (r.nextInt(100) < this.faultPercent) ? Fault.values()[r.nextInt(Fault.values().length)]
						: null;
				int framing = r.nextInt(10); // 0-5 length, 6-8 chunked, 9 until close
				if (framing == 9 && (fault == Fault.CLOSE_MID_BODY || fault == Fault.GARBAGE_AFTER)) {
					// a body that ends at the close cannot tell a cut or an addition from the real end: reset instead
					fault = Fault.RESET_MID_BODY;
				}
				if (fault != null) {
					this.faults.get(fault).incrementAndGet();
				}
				if (!respond(s, out, request, fault, framing, r)) {
					return;
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// the client went away, or the server is closing
		}
		finally {
			this.sockets.remove(s);
		}
	}

	/** Writes the response (or the fault); false when the connection is finished. */
	private boolean respond(Socket s, OutputStream out, Request request, Fault fault, int framing, Random r)
			throws IOException, InterruptedException {
		if (fault == Fault.CLOSE_BEFORE_RESPONSE) {
			return false;
		}
		if (fault == Fault.RESET_BEFORE_RESPONSE) {
			reset(s);
			return false;
		}
		if (fault == Fault.STALL_BEFORE_RESPONSE) {
			Thread.sleep(this.stallMillis); // the stall itself
			return false;
		}
		byte[] body = SoakPayloads.responseBody(request.id);
		boolean head = request.method.equals("HEAD");
		ByteArrayOutputStream response = new ByteArrayOutputStream(body.length + 256);
		StringBuilder h = new StringBuilder("HTTP/1.1 200 OK\r\nX-Id: ").append(request.id).append("\r\n");
		if (framing <= 5 || head) {
			h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
			ascii(response, h.toString());
			if (!head) {
				response.write(body);
			}
		}
		else if (framing <= 8) {
			h.append("Transfer-Encoding: chunked\r\n\r\n");
			ascii(response, h.toString());
			for (int at = 0; at < body.length;) {
				int n = Math.min(body.length - at, 1 + r.nextInt(8192));
				ascii(response, Integer.toHexString(n) + "\r\n");
				response.write(body, at, n);
				ascii(response, "\r\n");
				at += n;
			}
			ascii(response, (framing == 8) ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n");
		}
		else {
			h.append("Connection: close\r\n\r\n");
			ascii(response, h.toString());
			response.write(body);
		}
		byte[] bytes = response.toByteArray();
		int headLength = h.length();
		if (fault == Fault.CLOSE_MID_BODY || fault == Fault.RESET_MID_BODY || fault == Fault.STALL_MID_BODY) {
			if (bytes.length <= headLength + 1 || head) {
				fault = Fault.CLOSE_BEFORE_RESPONSE; // nothing to cut: close instead
				return false;
			}
			out.write(bytes, 0, headLength + r.nextInt(bytes.length - headLength - 1));
			out.flush();
			if (fault == Fault.STALL_MID_BODY) {
				Thread.sleep(this.stallMillis);
			}
			if (fault != Fault.CLOSE_MID_BODY) {
				// a stall ends in a reset: a caller slowed past its read timeout (a busy machine) must not take a
				// close for the end of a read-until-close body
				reset(s);
			}
			return false;
		}
		out.write(bytes);
		if (fault == Fault.GARBAGE_AFTER) {
			out.write("garbage!\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		out.flush();
		if (framing == 9 && !head) {
			return false;
		}
		if (fault == Fault.CLOSE_IDLE_AFTER || fault == Fault.RESET_IDLE_AFTER) {
			Thread.sleep(r.nextInt(20)); // lets the client put the connection back before it dies
			if (fault == Fault.RESET_IDLE_AFTER) {
				reset(s);
			}
			return false;
		}
		return true;
	}

	private static void reset(Socket s) throws IOException {
		s.setSoLinger(true, 0);
		s.close();
	}

	private static void ascii(ByteArrayOutputStream out, String s) {
		out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
	}

	private record Request(String method, long id, byte[] body) {
	}

	private static Request readRequest(InputStream in) throws IOException {
		String requestLine = line(in);
		if (requestLine == null || requestLine.isEmpty()) {
			return null;
		}
		long id = -1;
		long length = 0;
		boolean chunked = false;
		for (String h; !(h = requiredLine(in)).isEmpty();) {
			int colon = h.indexOf(':');
			String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = h.substring(colon + 1).trim();
			switch (name) {
				case "x-id" -> id = Long.parseLong(value);
				case "content-length" -> length = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
				default -> {
				}
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			for (int size; (size = Integer.parseInt(requiredLine(in).split(";")[0].trim(), 16)) > 0;) {
				body.write(in.readNBytes(size));
				requiredLine(in);
			}
			while (!requiredLine(in).isEmpty()) {
				// trailers
			}
		}
		else {
			body.write(in.readNBytes((int) length));
			if (body.size() < length) {
				return null; // the client went away inside the body
			}
		}
		return new Request(requestLine.substring(0, requestLine.indexOf(' ')), id, body.toByteArray());
	}

	private static String requiredLine(InputStream in) throws IOException {
		String line = line(in);
		if (line == null) {
			throw new IOException("client closed inside a request");
		}
		return line;
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder sb = new StringBuilder();
		for (int b; (b = in.read()) != -1;) {
			if (b == '\n') {
				int n = sb.length();
				return (n > 0 && sb.charAt(n - 1) == '\r') ? sb.substring(0, n - 1) : sb.toString();
			}
			sb.append((char) b);
		}
		if (sb.length() == 0) {
			return null;
		}
		throw new IOException("client closed inside a line");
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
		for (Socket s : this.sockets) {
			s.close();
		}
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
