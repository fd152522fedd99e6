package dev.eofpool.transport;

import java.time.Duration;

/**
 * What {@link HttpTransport#drain(String, Duration)} did to one host.
 *
 * @param host the host drained, as {@code host:port}
 * @param idleClosed idle connections closed at once
 * @param leasedClosing connections serving a request, each closed when its exchange ends
 * @param refuseFor how long new connections to the host are refused ({@link Duration#ZERO}: not refused)
 */
public record DrainResult(String host, int idleClosed, int leasedClosing, Duration refuseFor) {
}
