package dev.eofpool.sample.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eofpool.spring.EofPoolWarmUp;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /demo/warm-up}: the hosts with a {@code min-idle} (application.yml: {@code localhost:8080}, this app itself
 * when it runs on its default port), each with the connections eofpool opened at start-up, before the application
 * reported ready, and keeps idle since. Sends no request: it only reads the pool.
 */
@RestController
@RequestMapping(path = "/demo", produces = MediaType.APPLICATION_JSON_VALUE)
public class WarmUpDemoController {

	private final HttpTransport transport;

	private final ObjectProvider<EofPoolWarmUp> warmUp;

	public WarmUpDemoController(HttpTransport transport, ObjectProvider<EofPoolWarmUp> warmUp) {
		this.transport = transport;
		this.warmUp = warmUp;
	}

	@GetMapping("/warm-up")
	public Map<String, Object> warmUp() {
		List<Map<String, Object>> hosts = new ArrayList<>();
		EofPoolWarmUp warm = this.warmUp.getIfAvailable();
		List<EofPoolWarmUp.Target> targets = (warm != null) ? warm.getTargets() : List.of();
		Map<Route, RouteStats> routes = this.transport.stats().routes();
		for (EofPoolWarmUp.Target target : targets) {
			Route route = Route.of(target.origin());
			RouteStats stats = routes.get(route);
			Map<String, Object> host = new LinkedHashMap<>();
			host.put("route", route.toString());
			host.put("minIdle", target.connections());
			host.put("idle", (stats != null) ? stats.idle() : 0);
			host.put("active", (stats != null) ? stats.leased() : 0);
			host.put("opened", (stats != null) ? stats.opened() : 0);
			host.put("connectFailures", (stats != null) ? stats.connectFailures() : 0);
			host.put("lastError", (stats != null) ? stats.lastError() : null);
			hosts.add(host);
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("demo", "warm-up");
		report.put("explanation", "Connections opened (and for https handshaken) at start-up, before readiness; "
				+ "eofpool re-opens one in the background whenever the server or the evictor closes it.");
		report.put("hosts", hosts);
		return report;
	}

}
