package dev.eofpool.transport;

import java.net.InetAddress;

/**
 * Decides which resolved addresses the transport may connect to, for protection against server-side request forgery
 * (the Spring layer adapts Boot 4.1's {@code InetAddressFilter} to it). It is asked for every address a dial would
 * try, origin and proxy alike, redirect targets included (they are dialled like any request); a refused address is
 * never connected to, and a dial left without an allowed address fails with {@link AddressRefusedException}.
 */
@FunctionalInterface
public interface AddressFilter {

	/** Allows every address (the default). */
	AddressFilter ALLOW_ALL = (host, address) -> true;

	/**
	 * Whether the transport may connect to {@code address}, one of the addresses {@code host} resolved to.
	 * Called without any lock held; must be thread-safe and should not block.
	 */
	boolean allows(String host, InetAddress address);
}
