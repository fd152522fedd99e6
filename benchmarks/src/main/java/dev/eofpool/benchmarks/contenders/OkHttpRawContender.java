package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.eofpool.benchmarks.load.Workload;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** OkHttp 5's synchronous API used directly (Spring Framework 7 has no OkHttp factory), pool sized to the cell. */
final class OkHttpRawContender implements Contender {

	@Override
	public String name() {
		return "raw OkHttp";
	}

	@Override
	public boolean viaRestClient() {
		return false;
	}

	@Override
	public Client open(Targets targets, int connections) {
		OkHttpClient.Builder builder = new OkHttpClient.Builder()
			.connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
			.protocols(List.of(Protocol.HTTP_1_1));
		if (targets.tls() != null) {
			builder.sslSocketFactory(targets.tls().sslContext().getSocketFactory(), targets.tls().trustManager());
		}
		return new RawClient(builder.build(), targets);
	}

	private static final class RawClient implements Client {

		private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

		private final OkHttpClient client;

		private final Targets targets;

		private final RequestBody postBody;

		RawClient(OkHttpClient client, Targets targets) {
			this.client = client;
			this.targets = targets;
			this.postBody = RequestBody.create(targets.postBody(), OCTET_STREAM);
		}

		@Override
		public void exchange(Workload workload, byte[] scratch) throws IOException {
			Request.Builder request = new Request.Builder().url(this.targets.uri(workload).toString());
			if (workload.requestBytes() > 0) {
				request.post(this.postBody);
			}
			if (workload.cold()) {
				request.header("Connection", "close");
			}
			try (Response response = this.client.newCall(request.build()).execute()) {
				Client.expectOk(response.code(), workload);
				ResponseBody body = response.body();
				Client.drain(body.byteStream(), scratch, workload);
			}
		}

		@Override
		public void close() {
			this.client.dispatcher().executorService().shutdown();
			this.client.connectionPool().evictAll();
		}
	}
}
