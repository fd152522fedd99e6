package dev.eofpool.benchmarks.contenders;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

import dev.eofpool.benchmarks.load.Workload;

/**
 * The URIs and the request body of every workload on one server, built once so that no contender pays for URI
 * parsing inside the measured loop.
 */
public final class Targets {

	private final Map<Workload, URI> uris = new EnumMap<>(Workload.class);

	private final byte[] postBody = Workload.POST_1K.newRequestBody();

	/** @param base the server's root, e.g. {@code http://127.0.0.1:8080} */
	public Targets(URI base) {
		for (Workload w : Workload.values()) {
			this.uris.put(w, base.resolve(w.path()));
		}
	}

	public URI uri(Workload workload) {
		return this.uris.get(workload);
	}

	/** The body every POST sends (shared, never written to). */
	public byte[] postBody() {
		return this.postBody;
	}
}
