package dev.eofpool.benchmarks.contenders;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;

/** Spring's {@link JettyClientHttpRequestFactory} over Jetty's {@link HttpClient}, pool sized to the cell. */
final class JettyContender implements Contender {

	@Override
	public String name() {
		return "Jetty";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	@Override
	public Client open(Targets targets, int connections) throws Exception {
		HttpClient httpClient = new HttpClient();
		if (targets.tls() != null) {
			SslContextFactory.Client ssl = new SslContextFactory.Client();
			ssl.setSslContext(targets.tls().sslContext());
			httpClient.setSslContextFactory(ssl);
		}
		httpClient.setMaxConnectionsPerDestination(connections);
		// room for every waiting thread of the virtual-thread cells (the default queue is 1024)
		httpClient.setMaxRequestsQueuedPerDestination(Math.max(1024, 4 * connections + 2048));
		httpClient.start();
		return new RestClientClient(new JettyClientHttpRequestFactory(httpClient), targets, httpClient::stop);
	}
}
