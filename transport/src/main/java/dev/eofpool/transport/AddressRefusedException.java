package dev.eofpool.transport;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.List;

/**
 * No connection was made because the {@link AddressFilter} refused every address the host resolved to.
 */
public class AddressRefusedException extends ConnectException {

	private static final long serialVersionUID = 1L;

	private final String host;

	private final transient List<InetAddress> addresses;

	/**
	 * @param message the message, naming the route
	 * @param host the host whose addresses were refused
	 * @param addresses the refused addresses
	 */
	public AddressRefusedException(String message, String host, List<InetAddress> addresses) {
		super(message);
		this.host = host;
		this.addresses = List.copyOf(addresses);
	}

	/** The host (origin or proxy) whose addresses were refused. */
	public String host() {
		return this.host;
	}

	/** The addresses the filter refused ({@code null} after deserialization). */
	public List<InetAddress> addresses() {
		return this.addresses;
	}
}
