package dev.eofpool.benchmarks.contenders;

import java.io.IOException;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import dev.eofpool.benchmarks.load.Workload;

/** Apache HttpClient 5 classic used directly, below Spring, with the same pool as the Spring contender. */
final class HttpComponentsRawContender implements Contender {

	@Override
	public String name() {
		return "raw HttpComponents";
	}

	@Override
	public boolean viaRestClient() {
		return false;
	}

	@Override
	public Client open(Targets targets, int connections) {
		return new RawClient(HttpComponentsContender.pooledClient(connections, targets.tls()), targets);
	}

	private static final class RawClient implements Client {

		private final CloseableHttpClient client;

		private final Targets targets;

		private final HttpEntity postBody;

		RawClient(CloseableHttpClient client, Targets targets) {
			this.client = client;
			this.targets = targets;
			this.postBody = new ByteArrayEntity(targets.postBody(), ContentType.APPLICATION_OCTET_STREAM);
		}

		@Override
		public void exchange(Workload workload, byte[] scratch) throws IOException {
			HttpUriRequestBase request;
			if (workload.requestBytes() > 0) {
				HttpPost post = new HttpPost(this.targets.uri(workload));
				post.setEntity(this.postBody);
				request = post;
			}
			else {
				request = new HttpGet(this.targets.uri(workload));
			}
			if (workload.cold()) {
				request.setHeader("Connection", "close");
			}
			this.client.execute(request, (response) -> {
				Client.expectOk(response.getCode(), workload);
				Client.drain(response.getEntity().getContent(), scratch, workload);
				return Boolean.TRUE;
			});
		}

		@Override
		public void close() throws IOException {
			this.client.close();
		}
	}
}
