package dev.eofpool.benchmarks.contenders;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/** Spring's {@link HttpComponentsClientHttpRequestFactory} over Apache HttpClient 5 classic, pool sized to the cell. */
final class HttpComponentsContender implements Contender {

	@Override
	public String name() {
		return "HttpComponents";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	@Override
	public Client open(Targets targets, int connections) {
		CloseableHttpClient httpClient = pooledClient(connections, targets.tls());
		HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(httpClient);
		return new RestClientClient(factory, targets, factory::destroy);
	}

	/** HttpClient 5 with its connection pool sized to {@code connections} (its default allows 5 per route). */
	static CloseableHttpClient pooledClient(int connections, TlsTrust tls) {
		PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnPerRoute(connections)
			.setMaxConnTotal(connections);
		if (tls != null) {
			// its TLS strategy over the run's SSLContext (default host name verifier)
			pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.sslContext()));
		}
		return HttpClients.custom().setConnectionManager(pool.build()).build();
	}
}
