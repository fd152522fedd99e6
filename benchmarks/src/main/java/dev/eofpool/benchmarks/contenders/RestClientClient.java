package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;

import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.eofpool.benchmarks.load.Workload;

/**
 * The one code path every Spring contender is measured through: a {@link RestClient} over the contender's
 * {@link ClientHttpRequestFactory}, streaming each body into the caller's buffer (no conversion to {@code byte[]} or
 * {@code String}, so the numbers are the transport's and Spring's, not a converter's).
 */
final class RestClientClient implements Client {

	private final RestClient restClient;

	private final Targets targets;

	private final AutoCloseable resources;

	/** @param resources what to close with the client (the factory, its HTTP client, its pool) */
	RestClientClient(ClientHttpRequestFactory factory, Targets targets, AutoCloseable resources) {
		this(RestClient.builder().requestFactory(factory), targets, resources);
	}

	/**
	 * A client over a builder already given its request factory (and, for an observed contender, its
	 * {@code ObservationRegistry}).
	 * @param resources what to close with the client (the factory, its HTTP client, its pool)
	 */
	RestClientClient(RestClient.Builder builder, Targets targets, AutoCloseable resources) {
		this.restClient = builder.build();
		this.targets = targets;
		this.resources = resources;
	}

	@Override
	public void exchange(Workload workload, byte[] scratch) throws IOException {
		RestClient.RequestHeadersSpec<?> spec;
		if (workload.requestBytes() > 0) {
			spec = this.restClient.post()
				.uri(this.targets.uri(workload))
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.body(this.targets.postBody());
		}
		else {
			spec = this.restClient.get().uri(this.targets.uri(workload));
		}
		if (workload.cold()) {
			spec.header("Connection", "close");
		}
		try {
			spec.exchange((request, response) -> {
				Client.expectOk(response.getStatusCode().value(), workload);
				Client.drain(response.getBody(), scratch, workload);
				return Boolean.TRUE;
			});
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (RuntimeException ex) {
			// RestClient wraps I/O failures in ResourceAccessException: report the cause's own words
			throw new IOException(ex.getMessage(), ex);
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.resources.close();
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while closing the client");
		}
		catch (Exception ex) {
			throw new IOException("closing the client failed: " + ex.getMessage(), ex);
		}
	}
}
