package dev.eofpool.benchmarks.contenders;

import java.net.http.HttpClient;
import java.util.List;

import org.springframework.http.client.JdkClientHttpRequestFactory;

import dev.eofpool.benchmarks.load.Cell;

/**
 * Spring's {@link JdkClientHttpRequestFactory} over the JDK's {@link HttpClient}, HTTP/1.1 only. The JDK client has
 * no connection limit to size (its pool keeps every connection it opened).
 */
final class JdkContender implements Contender {

	@Override
	public String name() {
		return "JDK HttpClient";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	/**
	 * {@code Connection} is a restricted header of the JDK client (Spring's factory drops it unless allowed): the
	 * cold cells allow it, so that the client sends it and closes the connection after the answer.
	 */
	@Override
	public List<String> jvmOptions(Cell cell) {
		return cell.workload().cold() ? List.of("-Djdk.httpclient.allowRestrictedHeaders=connection") : List.of();
	}

	@Override
	public Client open(Targets targets, int connections) {
		HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
		if (targets.tls() != null) {
			builder.sslContext(targets.tls().sslContext());
		}
		HttpClient httpClient = builder.build();
		return new RestClientClient(new JdkClientHttpRequestFactory(httpClient), targets, () -> closeClient(httpClient));
	}

	/** {@code HttpClient} became closeable in JDK 21; on 17 its threads and connections go with the worker JVM. */
	private static void closeClient(HttpClient httpClient) throws Exception {
		if (httpClient instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}
}
