package dev.eofpool.benchmarks.contenders;

import java.net.http.HttpClient;

import org.springframework.http.client.JdkClientHttpRequestFactory;

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

	@Override
	public Client open(Targets targets, int connections) {
		HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		return new RestClientClient(new JdkClientHttpRequestFactory(httpClient), targets, () -> closeClient(httpClient));
	}

	/** {@code HttpClient} became closeable in JDK 21; on 17 its threads and connections go with the worker JVM. */
	private static void closeClient(HttpClient httpClient) throws Exception {
		if (httpClient instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}
}
