package dev.eofpool.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses the transport may dial, in the resolver's order. The default, {@link #SYSTEM},
 * asks the JDK ({@link InetAddress#getAllByName}, with its cache and {@code networkaddress.cache.ttl}); applications
 * plug in their own (service discovery, tests) through {@link TransportConfig.Builder#resolver}. Implementations
 * are called on the requesting thread (and on the evictor thread when DNS refresh is on) without any pool lock held,
 * so they may block; they must be thread-safe.
 */
@FunctionalInterface
public interface Resolver {

	/** The JDK's resolver: {@link InetAddress#getAllByName(String)}. */
	Resolver SYSTEM = (host) -> List.of(InetAddress.getAllByName(host));

	/**
	 * Resolves {@code host}.
	 * @return the addresses, at least one
	 * @throws UnknownHostException when the host has no address
	 */
	List<InetAddress> resolve(String host) throws UnknownHostException;
}
