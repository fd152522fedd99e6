package dev.eofpool.transport.internal.connection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Set;

import dev.eofpool.transport.Ticker;

/**
 * The connected socket a TLS socket is layered on, passing every call through, and telling whether the peer's end of
 * stream reached the TLS layer ({@link #endOfStreamSeen()}).
 * <p>
 * Why: the JDK's {@code SSLSocket} takes an end of stream without {@code close_notify} as if {@code close_notify} had
 * come (unless the JVM-wide {@code com.sun.net.ssl.requireCloseNotify} says otherwise). It reads records exactly, one
 * header and one body at a time, so after a real {@code close_notify} it returns end of stream without having read
 * the TCP end of stream behind it; when it returns end of stream after this socket's input did, no
 * {@code close_notify} came. RFC 9112 9.8: a close-delimited response is then incomplete, and this is how a connection
 * tells, per connection, without a system property.
 * <p>
 * While {@link #readsEndBy} is in force (the TLS handshake), every read waits at most the time left until that
 * deadline, so a server that sends its handshake a byte at a time cannot stretch it past its bound.
 */
final class RawSocket extends Socket {

	private final Socket socket;

	private final InputStream in;

	private volatile boolean endOfStream;

	/** The clock of {@link #readsEnd}. */
	private final Ticker ticker;

	/** Whether {@link #readsEnd} bounds the reads (the thread running the handshake only). */
	private boolean readsBounded;

	/** The {@link #ticker} time by which every read must have returned, when {@link #readsBounded}. */
	private long readsEnd;

	/**
	 * Wraps the channel's connected socket.
	 * @param ticker the transport's clock, which {@link #readsEndBy} deadlines are computed on
	 */
	RawSocket(Socket socket, Ticker ticker) throws IOException {
		super((java.net.SocketImpl) null);
		this.socket = socket;
		this.ticker = ticker;
		this.in = new FilterInputStream(socket.getInputStream()) {

			@Override
			public int read() throws IOException {
				boundRead();
				int b = super.read();
				if (b < 0) {
					RawSocket.this.endOfStream = true;
				}
				return b;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				boundRead();
				int n = super.read(b, off, len);
				if (n < 0) {
					RawSocket.this.endOfStream = true;
				}
				return n;
			}
		};
	}

	/**
	 * Bounds all the following reads by one deadline, {@code millis} from now: each waits at most the time left, and
	 * one that would start after it fails at once with a {@link SocketTimeoutException}.
	 */
	void readsEndBy(int millis) {
		this.readsEnd = this.ticker.nanoTime() + millis * 1_000_000L;
		this.readsBounded = true;
	}

	/** Lifts the deadline of {@link #readsEndBy}; the socket's own timeout is left as the caller sets it. */
	void readsUnbounded() {
		this.readsBounded = false;
	}

	/** Before a read, while bounded: the socket's timeout becomes the time left (at least 1 ms), or it timed out. */
	private void boundRead() throws IOException {
		if (!this.readsBounded) {
			return;
		}
		long left = this.readsEnd - this.ticker.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException("Read timed out");
		}
		this.socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
	}

	/** Whether a read of the raw input returned end of stream. */
	boolean endOfStreamSeen() {
		return this.endOfStream;
	}

	@Override
	public InputStream getInputStream() {
		return this.in;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		return this.socket.getOutputStream();
	}

	@Override
	public SocketChannel getChannel() {
		return this.socket.getChannel();
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		this.socket.connect(endpoint);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		this.socket.connect(endpoint, timeout);
	}

	@Override
	public void bind(SocketAddress bindpoint) throws IOException {
		this.socket.bind(bindpoint);
	}

	@Override
	public InetAddress getInetAddress() {
		return this.socket.getInetAddress();
	}

	@Override
	public InetAddress getLocalAddress() {
		return this.socket.getLocalAddress();
	}

	@Override
	public int getPort() {
		return this.socket.getPort();
	}

	@Override
	public int getLocalPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.socket.getRemoteSocketAddress();
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.socket.getLocalSocketAddress();
	}

	@Override
	public void setTcpNoDelay(boolean on) throws SocketException {
		this.socket.setTcpNoDelay(on);
	}

	@Override
	public boolean getTcpNoDelay() throws SocketException {
		return this.socket.getTcpNoDelay();
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		this.socket.setSoLinger(on, linger);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return this.socket.getSoLinger();
	}

	@Override
	public void sendUrgentData(int data) throws IOException {
		this.socket.sendUrgentData(data);
	}

	@Override
	public void setOOBInline(boolean on) throws SocketException {
		this.socket.setOOBInline(on);
	}

	@Override
	public boolean getOOBInline() throws SocketException {
		return this.socket.getOOBInline();
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		this.socket.setSoTimeout(timeout);
	}

	@Override
	public int getSoTimeout() throws SocketException {
		return this.socket.getSoTimeout();
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		this.socket.setSendBufferSize(size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return this.socket.getSendBufferSize();
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		this.socket.setReceiveBufferSize(size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return this.socket.getReceiveBufferSize();
	}

	@Override
	public void setKeepAlive(boolean on) throws SocketException {
		this.socket.setKeepAlive(on);
	}

	@Override
	public boolean getKeepAlive() throws SocketException {
		return this.socket.getKeepAlive();
	}

	@Override
	public void setTrafficClass(int tc) throws SocketException {
		this.socket.setTrafficClass(tc);
	}

	@Override
	public int getTrafficClass() throws SocketException {
		return this.socket.getTrafficClass();
	}

	@Override
	public void setReuseAddress(boolean on) throws SocketException {
		this.socket.setReuseAddress(on);
	}

	@Override
	public boolean getReuseAddress() throws SocketException {
		return this.socket.getReuseAddress();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.socket.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.socket.shutdownOutput();
	}

	@Override
	public boolean isConnected() {
		return this.socket.isConnected();
	}

	@Override
	public boolean isBound() {
		return this.socket.isBound();
	}

	@Override
	public boolean isClosed() {
		return this.socket.isClosed();
	}

	@Override
	public boolean isInputShutdown() {
		return this.socket.isInputShutdown();
	}

	@Override
	public boolean isOutputShutdown() {
		return this.socket.isOutputShutdown();
	}

	@Override
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
		this.socket.setPerformancePreferences(connectionTime, latency, bandwidth);
	}

	@Override
	public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
		this.socket.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.socket.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.socket.supportedOptions();
	}

	@Override
	public String toString() {
		return this.socket.toString();
	}
}
