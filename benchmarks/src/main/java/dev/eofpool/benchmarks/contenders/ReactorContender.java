package dev.eofpool.benchmarks.contenders;

import org.springframework.http.client.ReactorClientHttpRequestFactory;

import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;

/** Spring's {@link ReactorClientHttpRequestFactory} over Reactor Netty with its own pool sized to the cell. */
final class ReactorContender implements Contender {

	@Override
	public String name() {
		return "Reactor Netty";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	@Override
	public Client open(Targets targets, int connections) {
		ConnectionProvider provider = ConnectionProvider.builder("benchmark")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.build();
		HttpClient httpClient = HttpClient.create(provider);
		if (targets.tls() != null) {
			// Netty's own SslContext (JDK provider) trusting the run's certificate
			Http11SslContextSpec spec = Http11SslContextSpec.forClient()
				.configure((builder) -> builder.trustManager(targets.tls().trustManager()));
			// the generic overload: the protocol-spec one is deprecated
			httpClient = httpClient.secure((ssl) -> ssl.sslContext((SslProvider.GenericSslContextSpec<?>) spec));
		}
		return new RestClientClient(new ReactorClientHttpRequestFactory(httpClient), targets, provider::dispose);
	}
}
