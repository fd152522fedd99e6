package dev.eofpool.spring.health;

import java.util.Map;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.TransportConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;

import static org.assertj.core.api.Assertions.assertThat;

/** The health details show the pool-wide connection limit when one is set, and only then. */
class EofPoolHealthTotalCapTests {

	@Test
	void totalShowsThePoolWideLimitWhenSet() {
		try (HttpTransport capped = new HttpTransport(TransportConfig.builder().maxConnectionsTotal(10).build());
				HttpTransport unbounded = HttpTransport.create()) {
			Health health = new EofPoolHealthIndicator(capped, EofPoolHealthPolicy.defaults()).health();
			assertThat(total(health)).containsEntry("limit", 10);
			assertThat(total(new EofPoolHealthIndicator(unbounded, EofPoolHealthPolicy.defaults()).health()))
				.doesNotContainKey("limit");
		}
	}

	@SuppressWarnings("unchecked") // the indicator puts a Map<String, Object> under "total"
	private static Map<String, Object> total(Health health) {
		return (Map<String, Object>) health.getDetails().get("total");
	}

}
