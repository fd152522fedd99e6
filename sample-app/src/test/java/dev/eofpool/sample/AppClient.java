package dev.eofpool.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the running sample app the way a user's browser or curl would: through the JDK's own HTTP client, so the
 * test's traffic never touches the eofpool transport whose figures it checks.
 */
final class AppClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	AppClient(int port) {
		this.base = "http://localhost:" + port;
	}

	String base() {
		return this.base;
	}

	/** GETs {@code path}, asserts a 200 and returns the body as text. */
	String text(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60))
			.GET()
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s answered %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

	/** GETs {@code path}, asserts a 200 and parses the JSON body. */
	JsonNode json(String path) throws IOException, InterruptedException {
		return JsonMapper.shared().readTree(text(path));
	}

}
