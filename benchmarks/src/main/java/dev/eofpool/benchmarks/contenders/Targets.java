package dev.eofpool.benchmarks.contenders;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

import dev.eofpool.benchmarks.load.Workload;

/**
 * The URIs and the request body of every workload on one server, built once so that no contender pays for URI
 * parsing inside the measured loop; for the HTTPS workloads also the server's HTTPS root and what to trust there.
 */
public final class Targets {

	private final Map<Workload, URI> uris = new EnumMap<>(Workload.class);

	private final byte[] postBody = Workload.POST_1K.newRequestBody();

	private final TlsTrust tls;

	/** @param base the server's root, e.g. {@code http://127.0.0.1:8080} */
	public Targets(URI base) {
		this(base, null, null);
	}

	/**
	 * @param base the server's plain root, e.g. {@code http://127.0.0.1:8080}
	 * @param httpsBase its HTTPS root, e.g. {@code https://127.0.0.1:8443}, or {@code null} when it has none
	 * @param tls what the clients trust there, or {@code null} when it has no HTTPS port
	 */
	public Targets(URI base, URI httpsBase, TlsTrust tls) {
		for (Workload w : Workload.values()) {
			if (!w.tls()) {
				this.uris.put(w, base.resolve(w.path()));
			}
			else if (httpsBase != null) {
				this.uris.put(w, httpsBase.resolve(w.path()));
			}
		}
		this.tls = tls;
	}

	/** The URI of the workload's path; fails for an HTTPS workload on a server without an HTTPS port. */
	public URI uri(Workload workload) {
		URI uri = this.uris.get(workload);
		if (uri == null) {
			throw new IllegalStateException("The server has no HTTPS port for " + workload);
		}
		return uri;
	}

	/** What the clients trust on the HTTPS port, or {@code null} when the server has none. */
	public TlsTrust tls() {
		return this.tls;
	}

	/** The body every POST sends (shared, never written to). */
	public byte[] postBody() {
		return this.postBody;
	}
}
