package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

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
		List<String> options = new ArrayList<>();
		options.add("-Dhttp.maxConnections=" + Math.max(5, cell.threads()));
		if (cell.workload().cold()) {
			// Connection is a restricted header of HttpURLConnection, silently dropped unless allowed
			options.add("-Dsun.net.http.allowRestrictedHeaders=true");
		}
		return options;
	}

	@Override
	public Client open(Targets targets, int connections) {
		SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
		if (targets.tls() != null) {
			factory = new TlsFactory(targets.tls().sslContext().getSocketFactory());
		}
		return new RestClientClient(factory, targets, () -> {
		});
	}

	/** The factory with the run's socket factory on every {@link HttpsURLConnection} (its default host verifier). */
	private static final class TlsFactory extends SimpleClientHttpRequestFactory {

		private final SSLSocketFactory socketFactory;

		TlsFactory(SSLSocketFactory socketFactory) {
			this.socketFactory = socketFactory;
		}

		@Override
		protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
			if (connection instanceof HttpsURLConnection https) {
				https.setSSLSocketFactory(this.socketFactory);
			}
			super.prepareConnection(connection, httpMethod);
		}
	}
}
