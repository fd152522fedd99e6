package dev.eofpool.transport.internal.pool;

/**
 * What a response's {@code Keep-Alive: timeout=N, max=M} header told about the server's keep-alive: how long it keeps
 * an idle connection and how many more requests it takes on this one.
 *
 * @param timeoutNanos the server's idle timeout in nanoseconds, -1 when not given
 * @param maxRequests requests the server still takes on the connection, -1 when not given (0: close it now)
 */
public record KeepAliveHint(long timeoutNanos, int maxRequests) {

	/** No hint: the response had no {@code Keep-Alive} header (or no usable parameter in it). */
	public static final KeepAliveHint NONE = new KeepAliveHint(-1, -1);
}
