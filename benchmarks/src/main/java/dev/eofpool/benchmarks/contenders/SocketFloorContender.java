package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.eofpool.benchmarks.load.Workload;

/**
 * A reference, not a peer: the least work a blocking Java client can do for the cell's requests, to show how much of
 * each client's cost is the JVM's sockets, threads and the kernel. Every request's bytes are encoded once, each
 * request is one {@code write}, and the answer is read with the fewest checks that still keep the connection usable
 * (status 200, {@code Content-Length} body read to its end, nothing left over); connections wait in one
 * {@link ArrayBlockingQueue}, as small a pool as blocking threads can share. No header parsing beyond that, no
 * redirects, no chunked bodies, no timeouts, no retries, no metrics: nothing a production client could leave out.
 * <p>
 * The queue lets a thread that returns a connection take one again at once while others wait (it barges), which costs
 * the least and starves the waiters that lose. The <em>fair</em> form ({@code fairsocketfloor}, run only when named)
 * gives connections out strictly in the order callers asked, through a fair {@link Semaphore} over a lock-free idle
 * queue: the least a client that never starves a caller can do, where callers outnumber connections (the
 * virtual-thread cells). Targets are set against the first form only.
 */
final class SocketFloorContender implements Contender {

	/** The name of the form targets are set against. */
	static final String NAME = "JVM socket floor";

	private final boolean fair;

	SocketFloorContender(boolean fair) {
		this.fair = fair;
	}

	@Override
	public String name() {
		return this.fair ? "Fair socket floor" : NAME;
	}

	@Override
	public boolean floor() {
		return !this.fair;
	}

	@Override
	public boolean viaRestClient() {
		return false;
	}

	@Override
	public boolean baseline() {
		return true;
	}

	@Override
	public Client open(Targets targets, int connections) {
		return new FloorClient(targets, connections, this.fair);
	}

	private static final class FloorClient implements Client {

		private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

		private final Targets targets;

		private final Map<Workload, byte[]> requests = new EnumMap<>(Workload.class);

		private final BlockingQueue<Conn> idle;

		private final AtomicInteger budget;

		/** The fair form's permits, one per connection, handed out first come first served; else {@code null}. */
		private final Semaphore permits;

		/** The fair form's idle connections: a permit holder takes one or, when there is none, dials. */
		private final ConcurrentLinkedQueue<Conn> fairIdle = new ConcurrentLinkedQueue<>();

		FloorClient(Targets targets, int connections, boolean fair) {
			this.targets = targets;
			this.permits = fair ? new Semaphore(connections, true) : null;
			// room for every connection and for as many wake-up tokens (one per connection closed while none waited)
			this.idle = new ArrayBlockingQueue<>(2 * connections);
			this.budget = new AtomicInteger(connections);
			for (Workload w : Workload.values()) {
				if (w.tls() && targets.tls() == null) {
					continue;
				}
				URI uri = targets.uri(w);
				StringBuilder head = new StringBuilder().append(w.method()).append(' ').append(uri.getRawPath())
					.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
				if (w.requestBytes() > 0) {
					head.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(w.requestBytes())
						.append("\r\n");
				}
				if (w.cold()) {
					head.append("Connection: close\r\n");
				}
				byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
				byte[] body = (w.requestBytes() > 0) ? targets.postBody() : new byte[0];
				byte[] request = new byte[h.length + body.length];
				System.arraycopy(h, 0, request, 0, h.length);
				System.arraycopy(body, 0, request, h.length, body.length);
				this.requests.put(w, request);
			}
		}

		@Override
		public void exchange(Workload workload, byte[] scratch) throws IOException {
			boolean fair = this.permits != null;
			Conn c = fair ? takeInTurn(workload) : take(workload);
			boolean reusable = false;
			try {
				c.out.write(this.requests.get(workload));
				reusable = c.readResponse(workload, scratch) && !workload.cold();
			}
			finally {
				if (fair) {
					giveBackInTurn(c, reusable);
				}
				else if (reusable) {
					this.idle.add(c);
				}
				else {
					c.socket.close();
					this.budget.incrementAndGet();
					this.idle.offer(Conn.NONE); // wakes a waiter, who may now dial
				}
			}
		}

		/** The fair form's lease: a permit first (in the order asked), then an idle connection or a new one. */
		private Conn takeInTurn(Workload workload) throws IOException {
			try {
				this.permits.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while waiting for a connection", ex);
			}
			Conn c = this.fairIdle.poll();
			if (c != null) {
				return c;
			}
			try {
				return connect(workload);
			}
			catch (IOException | RuntimeException ex) {
				this.permits.release();
				throw ex;
			}
		}

		/** The fair form's return: the connection kept idle or closed, then the permit to the longest waiter. */
		private void giveBackInTurn(Conn c, boolean reusable) throws IOException {
			try {
				if (reusable) {
					this.fairIdle.add(c);
				}
				else {
					c.socket.close();
				}
			}
			finally {
				this.permits.release();
			}
		}

		private Conn take(Workload workload) throws IOException {
			for (;;) {
				Conn c = this.idle.poll();
				if (c == null && this.budget.getAndDecrement() > 0) {
					return dial(workload);
				}
				if (c == null) {
					this.budget.incrementAndGet();
					try {
						c = this.idle.take();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IOException("Interrupted while waiting for a connection", ex);
					}
				}
				if (c != Conn.NONE) {
					return c;
				}
			}
		}

		private Conn dial(Workload workload) throws IOException {
			try {
				return connect(workload);
			}
			catch (IOException | RuntimeException ex) {
				this.budget.incrementAndGet();
				this.idle.offer(Conn.NONE);
				throw ex;
			}
		}

		private Conn connect(Workload workload) throws IOException {
			URI uri = this.targets.uri(workload);
			Socket socket;
			if (workload.tls()) {
				SSLSocket tls = (SSLSocket) this.targets.tls().sslContext().getSocketFactory().createSocket();
				tls.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
				SSLParameters params = tls.getSSLParameters();
				params.setEndpointIdentificationAlgorithm("HTTPS");
				tls.setSSLParameters(params);
				tls.startHandshake();
				socket = tls;
			}
			else {
				socket = new Socket(uri.getHost(), uri.getPort());
			}
			socket.setTcpNoDelay(true);
			return new Conn(socket);
		}

		@Override
		public void close() throws IOException {
			Conn c;
			while ((c = this.idle.poll()) != null) {
				if (c != Conn.NONE) {
					c.socket.close();
				}
			}
			while ((c = this.fairIdle.poll()) != null) {
				c.socket.close();
			}
		}
	}

	/** One connection and its read buffer. */
	private static final class Conn {

		static final Conn NONE = new Conn();

		final Socket socket;

		final InputStream in;

		final OutputStream out;

		final byte[] buffer = new byte[16 * 1024];

		int start;

		int end;

		private Conn() {
			this.socket = null;
			this.in = null;
			this.out = null;
		}

		Conn(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
		}

		/** Reads one answer to its end; {@code false} when the connection must not be used again. */
		boolean readResponse(Workload workload, byte[] scratch) throws IOException {
			int headEnd = headEnd();
			int status = (this.buffer[this.start + 9] - '0') * 100 + (this.buffer[this.start + 10] - '0') * 10
					+ (this.buffer[this.start + 11] - '0');
			Client.expectOk(status, workload);
			long length = contentLength(this.start, headEnd);
			this.start = headEnd;
			long remaining = length;
			int buffered = (int) Math.min(remaining, this.end - this.start);
			this.start += buffered;
			remaining -= buffered;
			while (remaining > 0) {
				int n = this.in.read(scratch, 0, (int) Math.min(scratch.length, remaining));
				if (n < 0) {
					throw new IOException("EOF with " + remaining + " body bytes to come");
				}
				remaining -= n;
			}
			if (length != workload.responseBytes()) {
				throw new IOException("Expected " + workload.responseBytes() + " body bytes for " + workload
						+ " but the server announced " + length);
			}
			return this.start == this.end;
		}

		/** Reads until the buffer holds a whole response head; returns the index after its blank line. */
		private int headEnd() throws IOException {
			if (this.start == this.end) {
				this.start = 0;
				this.end = 0;
			}
			int scanned = this.start;
			for (;;) {
				for (int i = Math.max(scanned, this.start + 3); i < this.end; i++) {
					if (this.buffer[i] == '\n' && this.buffer[i - 1] == '\r' && this.buffer[i - 2] == '\n'
							&& this.buffer[i - 3] == '\r') {
						return i + 1;
					}
				}
				scanned = this.end;
				if (this.end == this.buffer.length) {
					throw new IOException("Response head larger than " + this.buffer.length + " bytes");
				}
				int n = this.in.read(this.buffer, this.end, this.buffer.length - this.end);
				if (n < 0) {
					throw new IOException("EOF before the end of the response head");
				}
				this.end += n;
			}
		}

		private long contentLength(int from, int to) throws IOException {
			outer: for (int i = from; i + CONTENT_LENGTH_SIZE < to; i++) {
				if (this.buffer[i] != '\n') {
					continue;
				}
				for (int k = 0; k < CONTENT_LENGTH_SIZE; k++) {
					if ((this.buffer[i + 1 + k] | 0x20) != FloorClient.CONTENT_LENGTH[k]) { // lower-cases letters only
						continue outer;
					}
				}
				long value = 0;
				for (int j = i + 1 + CONTENT_LENGTH_SIZE; j < to && this.buffer[j] != '\r'; j++) {
					byte b = this.buffer[j];
					if (b >= '0' && b <= '9') {
						value = value * 10 + (b - '0');
					}
				}
				return value;
			}
			throw new IOException("The floor client reads only Content-Length bodies");
		}

		private static final int CONTENT_LENGTH_SIZE = 15;
	}
}
