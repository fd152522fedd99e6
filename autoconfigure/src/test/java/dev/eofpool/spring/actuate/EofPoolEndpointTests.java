package dev.eofpool.spring.actuate;

import static dev.eofpool.spring.metrics.TestStats.of;
import static dev.eofpool.spring.metrics.TestStats.route;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eofpool.spring.actuate.EofPoolEndpoint.HostDescriptor;
import dev.eofpool.spring.actuate.EofPoolEndpoint.PoolDescriptor;
import dev.eofpool.spring.actuate.EofPoolEndpoint.RouteDescriptor;
import dev.eofpool.spring.metrics.TestStats;
import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.Route;

class EofPoolEndpointTests {

	private static final Route A = route("a.example", 80);

	private static final Route B8080 = route("b.example", 8080);

	private static final Route B9090 = route("b.example", 9090);

	private final EofPoolEndpoint endpoint = new EofPoolEndpoint(() -> TestStats.pool()
		.with(B9090, of())
		.with(A, of().idle(1).leased(2).connecting(1).waiting(3).limits(8, 4).opened(5)
			.closed(CloseReason.SERVER_CONNECTION_CLOSE, 1).closed(CloseReason.DRAIN_TIMEOUT, 1)
			.requests(50, 45).retries(1).leaks(0).connectFailures(2).drains(3, 1)
			.idleTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(4),
					Duration.ofMillis(3500))
			.lastError("Read timed out")
			.openByAddress(Map.of("10.0.0.8", 1, "10.0.0.7", 2)))
		.with(B8080, of())
		.build());

	@Test
	void listsEveryRouteWithCountsLimitsTimeoutsAndCloseReasons() {
		PoolDescriptor pool = this.endpoint.pool();
		assertThat(pool.closed()).isFalse();
		assertThat(pool.routes()).extracting(RouteDescriptor::route)
			.containsExactly("http://a.example:80", "http://b.example:8080", "http://b.example:9090");
		RouteDescriptor a = pool.routes().get(0);
		assertThat(a.host()).isEqualTo("a.example:80");
		assertThat(a.connections()).isEqualTo(new EofPoolEndpoint.Connections(1, 2, 1, 3, 3));
		assertThat(a.limits()).isEqualTo(new EofPoolEndpoint.Limits(8, 4));
		assertThat(a.counts()).isEqualTo(new EofPoolEndpoint.Counts(5, 2, 50, 45, 1, 0, 2, 3, 1));
		assertThat(a.idleTimeout()).isEqualTo(new EofPoolEndpoint.IdleTimeouts("PT30S", "PT5S", "PT4S", "PT3.5S"));
		assertThat(a.closedByReason())
			.isEqualTo(Map.of("server-connection-close", 1L, "drain-timeout", 1L));
		assertThat(a.lastError()).isEqualTo("Read timed out");
		assertThat(a.openByAddress()).containsExactly(Map.entry("10.0.0.7", 2), Map.entry("10.0.0.8", 1));
		assertThat(pool.routes().get(1).openByAddress()).isEmpty();
		assertThat(pool.routes().get(1).idleTimeout().serverHint()).isNull();
		assertThat(pool.total().counts().opened()).isEqualTo(5);
		assertThat(pool.total().limits().maxConnections()).isEqualTo(8 + 256 + 256);
	}

	@Test
	void selectsOneHostPortOrEveryPortOfAHost() {
		HostDescriptor one = this.endpoint.host("b.example:8080");
		assertThat(one.routes()).extracting(RouteDescriptor::route).containsExactly("http://b.example:8080");
		HostDescriptor all = this.endpoint.host("B.example");
		assertThat(all.routes()).extracting(RouteDescriptor::route)
			.containsExactly("http://b.example:8080", "http://b.example:9090");
	}

	@Test
	void unknownHostIsNotFound() {
		assertThat(this.endpoint.host("c.example:80")).isNull();
	}

}
