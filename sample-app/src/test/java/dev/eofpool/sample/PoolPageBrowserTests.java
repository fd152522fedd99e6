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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.eofpool.sample.upstream.IdleClosingUpstream;

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

	/** How the page shows a duration: "150 ms", "4.68 s", "10 min", "1 h 30 min". */
	private static final String HUMAN_DURATION = "\\d+(\\.\\d+)? (ms|s|min|h)( \\d+ (min|s))?";

	@LocalServerPort
	private int port;

	@Autowired
	private IdleClosingUpstream idleClosingUpstream;

	private AppClient app;

	@BeforeEach
	void client() {
		this.app = new AppClient(this.port);
	}

	@Test
	void thePageShowsThePoolAsTheEndpointReportsIt(@TempDir Path profile) throws Exception {
		requireChromium();
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

		// durations in human form, not as ISO-8601 (the endpoint's "PT30S" is shown as "30 s")
		assertThat(routeJson.path("idleTimeout").path("effective").asString()).startsWith("PT");
		assertThat(shown.get("idle-timeout")).matches(HUMAN_DURATION);

		Map<String, Map<String, String>> closes = rows(dom, "reason");
		assertThat(closes).containsKey("drain-limit");
		assertThat(closes.get("drain-limit").get("count"))
			.isEqualTo(total.path("closedByReason").path("drain-limit").asString());

		// the chart: one point per read of the endpoint (at least 3 in 5 s of reads once a second), connections by
		// state as lines; no request was made while the page ran, so the reuse ratio has no point yet
		int samples = Integer.parseInt(attribute(dom, "svg", "chart", "data-samples"));
		assertThat(samples).isGreaterThanOrEqualTo(3);
		for (String state : new String[] { "idle", "active", "waiting" }) {
			assertThat(points(attribute(dom, "path", "line-" + state, "d"))).as("points of the %s line", state)
				.hasSize(samples)
				.allSatisfy((point) -> assertThat(point[0]).isBetween(0.0, 720.0))
				.allSatisfy((point) -> assertThat(point[1]).isBetween(0.0, 220.0));
		}
		// active and waiting stayed 0 all along: a flat line along the bottom of the plot
		assertThat(points(attribute(dom, "path", "line-active", "d"))).extracting((point) -> point[1]).containsOnly(196.0);
		assertThat(attribute(dom, "path", "line-reuse", "d")).isEmpty();
	}

	@Test
	void theChartDrawsTheReuseRatioOfADemoRunFromThePage(@TempDir Path profile) throws Exception {
		requireChromium();
		// the idle-closing upstream's route then has a learned idle timeout, shown in human form
		this.app.json("/demo/idle-closing?calls=2");

		// ?demo= makes the page run the demo once it has read the pool; the next read sees its 50 requests
		String dom = dumpDom(this.app.base() + "/?demo=demo%2Fsequential%3Fcalls%3D50", profile);

		assertThat(dom).contains("<body data-state=\"live\"");
		Matcher report = Pattern.compile("<pre id=\"last-demo\"[^>]*>([^<]*)</pre>").matcher(dom);
		assertThat(report.find()).as("the demo's report on the page").isTrue();
		assertThat(report.group(1)).contains("\"succeeded\": 50");
		List<double[]> reuse = points(attribute(dom, "path", "line-reuse", "d"));
		assertThat(reuse).as("reuse ratio points").isNotEmpty()
			.allSatisfy((point) -> assertThat(point[1]).isBetween(10.0, 196.0));
		// 50 sequential calls on one connection: at least 49 of 50 reused (98 %, y at most 10 + 186 * 0.02)
		assertThat(reuse).extracting((point) -> point[1]).anySatisfy((y) -> assertThat(y).isLessThanOrEqualTo(13.8));
		Matcher circles = Pattern.compile("<circle cx=\"[0-9.]+\" cy=\"[0-9.]+\" r=\"2.5\">").matcher(dom);
		assertThat(circles.find()).as("a marker on the reuse line").isTrue();

		Map<String, Map<String, String>> routes = rows(dom, "route");
		Map<String, String> idleClosing = routes.entrySet()
			.stream()
			// the idle-closing upstream's route (other tests of this context add others: the TLS upstream's)
			.filter((route) -> route.getKey().endsWith(":" + this.idleClosingUpstream.port()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow();
		assertThat(idleClosing.get("learned-idle-timeout")).matches(HUMAN_DURATION);
		assertThat(idleClosing.get("limit")).as("not capped by the 127.0.0.1 override").isEqualTo("256");
	}

	@Test
	void theTraceViewShowsThePoolsPhasesUnderEachCall(@TempDir Path profile) throws Exception {
		requireChromium();

		// ?demo=demo/trace?scheme=https: the page runs the trace demo (an https call on a new connection, then one
		// reusing it), then reads the latest trace and lists its spans in tree order
		String dom = dumpDom(this.app.base() + "/?demo=demo%2Ftrace%3Fscheme%3Dhttps", profile);

		assertThat(dom).contains("<body data-state=\"live\"");
		JsonNode latest = this.app.json("/demo/trace/latest");
		assertThat(attribute(dom, "tbody", "trace", "data-trace-id")).as("the trace shown is the latest one")
			.isEqualTo(latest.path("traceId").asString())
			.matches("[0-9a-f]{32}");
		List<String[]> spans = new ArrayList<>();
		Matcher row = Pattern.compile("<tr data-span=\"([a-z.]+)\" data-depth=\"(\\d+)\">(.*?)</tr>").matcher(dom);
		while (row.find()) {
			Matcher duration = Pattern.compile("<td data-field=\"duration\">([^<]*)</td>").matcher(row.group(3));
			assertThat(duration.find()).as("duration of %s", row.group(1)).isTrue();
			spans.add(new String[] { row.group(1), row.group(2), duration.group(1) });
		}
		// each call with its pool phases one level under it: the first dialed, the second reused (the calls are at
		// depth 1 under the demo's server span, or roots when that span had not ended when the page read the trace)
		int call = spans.stream()
			.filter((span) -> span[0].equals("http.client.requests"))
			.mapToInt((span) -> Integer.parseInt(span[1]))
			.findFirst()
			.orElseThrow();
		String client = "http.client.requests@" + call;
		String acquire = "eofpool.acquire@" + (call + 1);
		String connect = "eofpool.connect@" + (call + 1);
		String handshake = "eofpool.tls.handshake@" + (call + 1);
		assertThat(spans).extracting((span) -> span[0] + "@" + span[1])
			.containsSubsequence(client, acquire, connect, handshake, client, acquire)
			.containsOnlyOnce(connect, handshake);
		assertThat(spans).extracting((span) -> span[0]).filteredOn((name) -> name.startsWith("eofpool."))
			.containsExactly("eofpool.acquire", "eofpool.connect", "eofpool.tls.handshake", "eofpool.acquire");
		assertThat(spans).extracting((span) -> span[2])
			.allSatisfy((shown) -> assertThat(shown).matches("\\d+(\\.\\d+)? ms"));
		assertThat(dom).contains("eofpool.connection=new").contains("eofpool.connection=reused");
	}

	private static void requireChromium() {
		boolean inCi = System.getenv("CI") != null;
		if (!Files.isExecutable(CHROMIUM)) {
			if (inCi) {
				fail(CHROMIUM + " is missing: .ci/run installs it (apt-get install -y chromium)");
			}
			assumeTrue(false, CHROMIUM + " is missing: apt-get install -y chromium to run this test");
		}
	}

	/** The value of {@code name} on the {@code tag} element with {@code id}. */
	private static String attribute(String dom, String tag, String id, String name) {
		Matcher element = Pattern.compile("<" + tag + " id=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
		assertThat(element.find()).as("<%s id=%s> in the page", tag, id).isTrue();
		Matcher value = Pattern.compile(" " + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(element.group());
		assertThat(value.find()).as("%s of #%s", name, id).isTrue();
		return value.group(1);
	}

	/** The points of an SVG path made of M and L commands, as {x, y}. */
	private static List<double[]> points(String path) {
		List<double[]> points = new ArrayList<>();
		Matcher point = Pattern.compile("[ML](-?[0-9.]+) (-?[0-9.]+)").matcher(path);
		while (point.find()) {
			points.add(new double[] { Double.parseDouble(point.group(1)), Double.parseDouble(point.group(2)) });
		}
		return points;
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
