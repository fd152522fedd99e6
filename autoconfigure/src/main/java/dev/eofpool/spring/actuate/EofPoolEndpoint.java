package dev.eofpool.spring.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.DrainResult;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;

/**
 * View and control of the eofpool transport: every route with its connections, limits, counters, idle timeouts
 * (configured, server hint, learned, effective), closes by reason and last error. {@code /actuator/eofpool} lists
 * them all; {@code /actuator/eofpool/{host}} the routes of one {@code host:port}, or of one host on any port. Reads
 * a pool snapshot; no network I/O.
 * <p>
 * One write operation, {@code POST /actuator/eofpool/{host}} with {@code {"action":"drain"}} and optionally
 * {@code "refuseFor":"30s"}, drains the host: its idle connections close at once, leased ones when their exchange
 * ends, and with {@code refuseFor} requests needing a new connection fail at once for that long. Its default access
 * is read-only, so the drain needs {@code management.endpoint.eofpool.access=unrestricted}.
 */
@Endpoint(id = "eofpool", defaultAccess = Access.READ_ONLY)
public class EofPoolEndpoint {

	private final Supplier<PoolStats> stats;

	private final Drainer drainer;

	private final int maxConnectionsTotal;

	/** Drains one {@code host:port}; the transport's {@link HttpTransport#drain}. */
	@FunctionalInterface
	interface Drainer {

		DrainResult drain(String hostPort, Duration refuseFor);
	}

	/** Creates the endpoint over the statistics and the drain of {@code transport}. */
	public EofPoolEndpoint(HttpTransport transport) {
		this(transport::stats, transport::drain, transport.config().maxConnectionsTotal());
	}

	EofPoolEndpoint(Supplier<PoolStats> stats) {
		this(stats, (host, refuseFor) -> new DrainResult(host, 0, 0, refuseFor), Integer.MAX_VALUE);
	}

	EofPoolEndpoint(Supplier<PoolStats> stats, Drainer drainer, int maxConnectionsTotal) {
		this.stats = stats;
		this.drainer = drainer;
		this.maxConnectionsTotal = maxConnectionsTotal;
	}

	/** Every route of the pool, with the totals, from one snapshot. */
	@ReadOperation
	public PoolDescriptor pool() {
		PoolStats snapshot = this.stats.get();
		Integer total = (this.maxConnectionsTotal != Integer.MAX_VALUE) ? this.maxConnectionsTotal : null;
		return new PoolDescriptor(snapshot.closed(), total, Summary.of(snapshot.total()), routes(snapshot, null));
	}

	/**
	 * Runs an action on one host: {@code drain} closes its idle connections now and its leased ones when their
	 * exchange ends (close reason {@code drained}); {@code refuseFor} (such as {@code 30s}) also refuses new
	 * connections to it for that long. A host without a port drains every known {@code host:port} of that host.
	 * @throws InvalidEndpointRequestException (400) for an unknown action, a negative time, or a host without port
	 * that the pool does not know
	 */
	@WriteOperation
	public DrainDescriptor hostAction(@Selector String host, String action, @Nullable Duration refuseFor) {
		if (!"drain".equalsIgnoreCase(action)) {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "' for host " + host
					+ ": the only action is 'drain'", "Unknown action");
		}
		Duration refuse = (refuseFor != null) ? refuseFor : Duration.ZERO;
		if (refuse.isNegative()) {
			throw new InvalidEndpointRequestException("refuseFor must not be negative, was " + refuseFor,
					"Negative refuseFor");
		}
		List<String> hostPorts = new ArrayList<>();
		String wanted = host.toLowerCase(Locale.ROOT);
		if (wanted.lastIndexOf(':') > wanted.lastIndexOf(']')) {
			hostPorts.add(wanted);
		}
		else {
			for (Route route : this.stats.get().routes().keySet()) {
				if (route.host().equals(wanted) && !hostPorts.contains(route.hostPort())) {
					hostPorts.add(route.hostPort());
				}
			}
			if (hostPorts.isEmpty()) {
				throw new InvalidEndpointRequestException("No route of host " + host
						+ " is known: name it as host:port to drain (and refuse) it anyway", "Unknown host");
			}
		}
		int idleClosed = 0;
		int leasedClosing = 0;
		for (String hostPort : hostPorts) {
			DrainResult result = this.drainer.drain(hostPort, refuse);
			idleClosed += result.idleClosed();
			leasedClosing += result.leasedClosing();
		}
		return new DrainDescriptor("drain", hostPorts, idleClosed, leasedClosing, refuse.toString());
	}

	/** The routes of one {@code host:port} or host, or {@code null} (404) when there is none. */
	@ReadOperation
	public @Nullable HostDescriptor host(@Selector String host) {
		List<RouteDescriptor> routes = routes(this.stats.get(), host.toLowerCase(Locale.ROOT));
		return routes.isEmpty() ? null : new HostDescriptor(host, routes);
	}

	private static List<RouteDescriptor> routes(PoolStats snapshot, @Nullable String host) {
		List<RouteDescriptor> routes = new ArrayList<>();
		for (Map.Entry<Route, RouteStats> entry : snapshot.routes().entrySet()) {
			Route route = entry.getKey();
			if (host == null || host.equals(route.hostPort()) || host.equals(route.host())
					|| host.equals(route.toString())) {
				routes.add(RouteDescriptor.of(route, entry.getValue()));
			}
		}
		routes.sort(Comparator.comparing(RouteDescriptor::route));
		return routes;
	}

	private static @Nullable String text(@Nullable Duration duration) {
		return (duration != null) ? duration.toString() : null;
	}

	/** Closes by reason, only the reasons seen, keyed as the metrics' {@code reason} tag (e.g. idle-timeout). */
	private static Map<String, Long> closes(Map<CloseReason, Long> byReason) {
		Map<String, Long> closes = new LinkedHashMap<>();
		byReason.forEach((reason, count) -> {
			if (count > 0) {
				closes.put(reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), count);
			}
		});
		return closes;
	}

	/**
	 * The whole transport.
	 *
	 * @param closed whether the transport was closed
	 * @param maxConnectionsTotal the pool-wide limit of connections, or {@code null} when there is none
	 * @param total every route added up
	 * @param routes each route, by name
	 */
	public record PoolDescriptor(boolean closed, @Nullable Integer maxConnectionsTotal, Summary total,
			List<RouteDescriptor> routes) implements OperationResponseBody {
	}

	/**
	 * What a drain did.
	 *
	 * @param action the action run ({@code drain})
	 * @param hosts the {@code host:port}s drained
	 * @param idleClosed idle connections closed at once
	 * @param leasedClosing connections serving a request, each closed when its exchange ends
	 * @param refuseFor how long new connections are refused, as an ISO-8601 duration ({@code PT0S}: not refused)
	 */
	public record DrainDescriptor(String action, List<String> hosts, int idleClosed, int leasedClosing,
			String refuseFor) implements OperationResponseBody {
	}

	/**
	 * The routes of one host.
	 *
	 * @param host the selector as given
	 * @param routes the matching routes
	 */
	public record HostDescriptor(String host, List<RouteDescriptor> routes) implements OperationResponseBody {
	}

	/**
	 * Every route added up.
	 *
	 * @param connections connections by state
	 * @param limits sum of the per-host connection limits (at most the pool-wide limit), and the pool-wide idle limit
	 * @param counts counters since start
	 * @param closedByReason closes by reason (reasons seen only)
	 */
	public record Summary(Connections connections, Limits limits, Counts counts, Map<String, Long> closedByReason) {

		static Summary of(RouteStats total) {
			return new Summary(Connections.of(total), Limits.of(total), Counts.of(total),
					closes(total.closedByReason()));
		}

	}

	/**
	 * One route: scheme, host and port.
	 *
	 * @param route {@code scheme://host:port}
	 * @param host {@code host:port}, as in metrics tags, health details and per-host settings
	 * @param connections connections by state
	 * @param limits the route's limits
	 * @param counts counters since start
	 * @param idleTimeout idle timeouts: configured, the server's hint, learned, and the one applied
	 * @param closedByReason closes by reason (reasons seen only)
	 * @param lastError the last connect or I/O failure, or {@code null}
	 * @param openByAddress open connections by the address they reached (the proxy's through a proxy)
	 */
	public record RouteDescriptor(String route, String host, Connections connections, Limits limits, Counts counts,
			IdleTimeouts idleTimeout, Map<String, Long> closedByReason, @Nullable String lastError,
			Map<String, Integer> openByAddress) {

		static RouteDescriptor of(Route route, RouteStats stats) {
			return new RouteDescriptor(route.toString(), route.hostPort(), Connections.of(stats), Limits.of(stats),
					Counts.of(stats), IdleTimeouts.of(stats), closes(stats.closedByReason()), stats.lastError(),
					stats.openByAddress());
		}

	}

	/**
	 * Connections by state.
	 *
	 * @param idle idle in the pool
	 * @param active serving a request
	 * @param connecting being opened
	 * @param open idle and active
	 * @param waiting callers waiting at the limit (the host's, or the pool-wide one)
	 */
	public record Connections(int idle, int active, int connecting, int open, int waiting) {

		static Connections of(RouteStats stats) {
			return new Connections(stats.idle(), stats.leased(), stats.connecting(), stats.idle() + stats.leased(),
					stats.waiting());
		}

	}

	/**
	 * Limits in force.
	 *
	 * @param maxConnections limit of connections
	 * @param maxIdle limit of idle connections
	 */
	public record Limits(int maxConnections, int maxIdle) {

		static Limits of(RouteStats stats) {
			return new Limits(stats.maxConnections(), stats.maxIdle());
		}

	}

	/**
	 * Counters since start.
	 *
	 * @param opened connections opened
	 * @param closed connections closed
	 * @param requests requests that got a connection
	 * @param reusedRequests of those, on a connection used before
	 * @param retries requests sent a second time
	 * @param leaks response bodies found abandoned
	 * @param connectFailures failed connection attempts
	 * @param drainsReused early-closed bodies drained so the connection was reused
	 * @param drainsClosed early-closed bodies whose connection was closed instead
	 */
	public record Counts(long opened, long closed, long requests, long reusedRequests, long retries, long leaks,
			long connectFailures, long drainsReused, long drainsClosed) {

		static Counts of(RouteStats stats) {
			return new Counts(stats.opened(), stats.closed(), stats.requests(), stats.reusedRequests(), stats.retries(),
					stats.leaks(), stats.connectFailures(), stats.drainsReused(), stats.drainsClosed());
		}

	}

	/**
	 * Idle timeouts as ISO-8601 durations.
	 *
	 * @param configured from the configuration
	 * @param serverHint the server's last {@code Keep-Alive: timeout=}, or {@code null}
	 * @param learned the shortest idle age at which the server was seen closing, or {@code null}
	 * @param effective the one applied now
	 */
	public record IdleTimeouts(@Nullable String configured, @Nullable String serverHint, @Nullable String learned,
			@Nullable String effective) {

		static IdleTimeouts of(RouteStats stats) {
			return new IdleTimeouts(text(stats.idleTimeout()), text(stats.serverKeepAliveTimeout()),
					text(stats.learnedIdleTimeout()), text(stats.effectiveIdleTimeout()));
		}

	}

}
