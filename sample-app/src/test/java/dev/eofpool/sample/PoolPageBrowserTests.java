package dev.eofpool.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the pool page in a real headless browser (Debian's {@code chromium}) and reads the numbers it shows after its
 * script fetched {@code /actuator/eofpool}. Skipped when chromium is missing on a developer machine; in CI
 * ({@code CI} set) a missing chromium fails the test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(120)
class PoolPageBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Pattern ROW = Pattern.compile("<tr data-(route|reason)=\"([^\"]+)\">(.*?)</tr>");

	private static final Pattern CELL = Pattern.compile("<td data-field=\"([a-z-]+)\">([^<]*)</td>");

	@LocalServerPort
	private int port;

	private AppClient app;

	@BeforeEach
	void client() {
		this.app = new AppClient(this.port);
	}

	@Test
	void thePageShowsThePoolAsTheEndpointReportsIt(@TempDir Path profile) throws Exception {
		boolean inCi = System.getenv("CI") != null;
		if (!Files.isExecutable(CHROMIUM)) {
			if (inCi) {
				fail(CHROMIUM + " is missing: .ci/run installs it (apt-get install -y chromium)");
			}
			assumeTrue(false, CHROMIUM + " is missing: apt-get install -y chromium to run this test");
		}
		JsonNode sequential = this.app.json("/demo/sequential?calls=200");
		assertThat(sequential.path("server").path("connections").asInt()).isEqualTo(1);
		this.app.json("/demo/early-close?bytes=16777216");

		// The browser only reads the endpoint: requests and connections opened cannot move while it runs. Idle
		// connections can only go down (the evictor closes expired ones), so the page must show a figure between
		// the reads before and after.
		JsonNode before = this.app.json("/actuator/eofpool");
		String dom = dumpDom(this.app.base() + "/", profile);
		JsonNode pool = this.app.json("/actuator/eofpool");

		assertThat(dom).as("the page's script ran and fetched the endpoint").contains("<body data-state=\"live\"");
		JsonNode total = pool.path("total");
		for (String counter : new String[] { "requests", "reusedRequests", "opened", "retries" }) {
			assertThat(total.path("counts").path(counter)).isEqualTo(before.path("total").path("counts").path(counter));
		}
		assertThat(byId(dom, "total-requests")).isEqualTo(total.path("counts").path("requests").asString());
		assertThat(byId(dom, "total-reused")).isEqualTo(total.path("counts").path("reusedRequests").asString());
		assertThat(byId(dom, "total-opened")).isEqualTo(total.path("counts").path("opened").asString());
		assertThat(byId(dom, "total-retries")).isEqualTo(total.path("counts").path("retries").asString());
		assertThat(Integer.parseInt(byId(dom, "total-idle"))).isBetween(total.path("connections").path("idle").asInt(),
				before.path("total").path("connections").path("idle").asInt());
		assertThat(byId(dom, "total-active")).isEqualTo("0");
		assertThat(byId(dom, "total-waiting")).isEqualTo("0");
		assertThat(percent(byId(dom, "reuse-ratio"))).isCloseTo(
				100.0 * total.path("counts").path("reusedRequests").asLong() / total.path("counts").path("requests").asLong(),
				within(0.051));

		Map<String, Map<String, String>> routes = rows(dom, "route");
		String route = "http://localhost:" + this.port;
		assertThat(routes).containsKey(route);
		JsonNode routeJson = pool.path("routes")
			.valueStream()
			.filter((r) -> r.path("route").asString().equals(route))
			.findFirst()
			.orElseThrow();
		Map<String, String> shown = routes.get(route);
		assertThat(Long.parseLong(shown.get("requests"))).isGreaterThanOrEqualTo(202)
			.isEqualTo(routeJson.path("counts").path("requests").asLong());
		assertThat(shown.get("reused")).isEqualTo(routeJson.path("counts").path("reusedRequests").asString());
		assertThat(shown.get("opened")).isEqualTo(routeJson.path("counts").path("opened").asString());
		assertThat(shown.get("limit")).isEqualTo(routeJson.path("limits").path("maxConnections").asString());

		Map<String, Map<String, String>> closes = rows(dom, "reason");
		assertThat(closes).containsKey("drain-limit");
		assertThat(closes.get("drain-limit").get("count"))
			.isEqualTo(total.path("closedByReason").path("drain-limit").asString());
	}

	/** Runs chromium headless until the page's script has had 5 s of (virtual) time, and returns the DOM. */
	private static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
		Path out = profile.resolve("dom.html");
		Path err = profile.resolve("chromium.log");
		List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
				"--user-data-dir=" + profile.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom", url));
		Process chromium = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(out.toFile())
			.redirectError(err.toFile())
			.start();
		if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
			chromium.destroyForcibly();
			fail("chromium did not finish within 90 s; its log:%n%s", Files.readString(err));
		}
		assertThat(chromium.exitValue()).as("chromium exit code; its log:%n%s", Files.readString(err)).isZero();
		return Files.readString(out, StandardCharsets.UTF_8);
	}

	private static String byId(String dom, String id) {
		Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\">([^<]*)<").matcher(dom);
		assertThat(m.find()).as("element #%s in the page", id).isTrue();
		return m.group(1);
	}

	/** Table rows keyed by their {@code data-route} or {@code data-reason}, each as its cells by {@code data-field}. */
	private static Map<String, Map<String, String>> rows(String dom, String kind) {
		Map<String, Map<String, String>> rows = new HashMap<>();
		Matcher row = ROW.matcher(dom);
		while (row.find()) {
			if (row.group(1).equals(kind)) {
				Map<String, String> cells = new HashMap<>();
				Matcher cell = CELL.matcher(row.group(3));
				while (cell.find()) {
					cells.put(cell.group(1), cell.group(2));
				}
				rows.put(row.group(2), cells);
			}
		}
		return rows;
	}

	/** Reads the page's own format: one decimal, then " %". */
	private static double percent(String shown) {
		assertThat(shown).matches("\\d{1,3}\\.\\d %");
		return Double.parseDouble(shown.substring(0, shown.length() - 2));
	}

}
