package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.io.InputStream;

import dev.eofpool.benchmarks.load.Workload;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.RequestBody;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.tls.TlsSettings;

/** eofpool's transport used directly, below Spring: its own cost, to set beside raw OkHttp and raw HttpClient 5. */
class EofPoolRawContender implements Contender {

	@Override
	public String name() {
		return "raw eofpool";
	}

	@Override
	public boolean viaRestClient() {
		return false;
	}

	@Override
	public boolean eofpool() {
		return true;
	}

	@Override
	public Client open(Targets targets, int connections) {
		HttpTransport transport = sizedTransport(connections, tlsSettings(targets));
		configure(transport);
		return new RawClient(transport, targets);
	}

	/** Adjusts the transport before the run (variants add listeners); nothing here. */
	void configure(HttpTransport transport) {
	}

	/**
	 * A transport whose pool allows and keeps {@code connections} connections to the one server.
	 * @param tls its TLS settings for {@code https} URIs, or {@code null} for the defaults
	 */
	static HttpTransport sizedTransport(int connections, TlsSettings tls) {
		return sizedTransport(connections, tls, true);
	}

	/**
	 * As {@link #sizedTransport(int, TlsSettings)}, with compression (asking for {@code gzip, deflate} and decoding)
	 * on or off.
	 */
	static HttpTransport sizedTransport(int connections, TlsSettings tls, boolean compression) {
		TransportConfig.Builder config = TransportConfig.builder()
			.compression(compression)
			.maxConnectionsPerHost(connections)
			.maxIdlePerHost(connections)
			.maxIdleTotal(Math.max(connections, TransportConfig.DEFAULT_MAX_IDLE_TOTAL));
		if (tls != null) {
			config.tls(tls);
		}
		return new HttpTransport(config.build());
	}

	/** eofpool's TLS settings over the run's one {@code SSLContext}, or {@code null} when the server has no HTTPS. */
	static TlsSettings tlsSettings(Targets targets) {
		return (targets.tls() != null) ? TlsSettings.builder().sslContext(targets.tls().sslContext()).build() : null;
	}

	private static final class RawClient implements Client {

		private final HttpTransport transport;

		private final Targets targets;

		private final RequestBody postBody;

		RawClient(HttpTransport transport, Targets targets) {
			this.transport = transport;
			this.targets = targets;
			this.postBody = RequestBody.of(targets.postBody());
		}

		@Override
		public void exchange(Workload workload, byte[] scratch) throws IOException {
			HttpRequest.Builder request = HttpRequest.builder(workload.method(), this.targets.uri(workload));
			if (workload.requestBytes() > 0) {
				request.header("Content-Type", "application/octet-stream").body(this.postBody);
			}
			if (workload.cold()) {
				request.header("Connection", "close");
			}
			try (HttpResponse response = this.transport.send(request.build())) {
				Client.expectOk(response.status(), workload);
				try (InputStream body = response.body()) {
					Client.drain(body, scratch, workload);
				}
			}
		}

		@Override
		public void close() {
			this.transport.close();
		}
	}
}
