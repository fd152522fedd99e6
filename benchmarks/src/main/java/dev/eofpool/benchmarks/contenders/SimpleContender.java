package dev.eofpool.benchmarks.contenders;

import java.util.List;

import org.springframework.http.client.SimpleClientHttpRequestFactory;

import dev.eofpool.benchmarks.load.Cell;

/**
 * Spring's {@link SimpleClientHttpRequestFactory} over {@code HttpURLConnection}; its keep-alive cache is sized to the
 * cell with {@code http.maxConnections}, the only knob it has (read once per JVM, hence a worker option).
 */
final class SimpleContender implements Contender {

	@Override
	public String name() {
		return "Simple (JDK URLConnection)";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	@Override
	public List<String> jvmOptions(Cell cell) {
		return List.of("-Dhttp.maxConnections=" + Math.max(5, cell.threads()));
	}

	@Override
	public Client open(Targets targets, int connections) {
		return new RestClientClient(new SimpleClientHttpRequestFactory(), targets, () -> {
		});
	}
}
