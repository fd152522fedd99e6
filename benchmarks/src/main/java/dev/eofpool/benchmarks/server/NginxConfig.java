package dev.eofpool.benchmarks.server;

import java.nio.file.Path;

/** The configuration of the harness's own nginx instance. */
final class NginxConfig {

	private NginxConfig() {
	}

	/**
	 * Renders {@code nginx.conf}. {@code /post} mirrors the request with {@code mirror_request_body on}, which makes
	 * nginx read the whole request body before it goes on; the static handler then refuses the POST (405), and
	 * {@code error_page} turns that into a 200 with a 2-byte answer. So the answer never leaves before the body has
	 * arrived, using only modules every nginx build has.
	 */
	static String render(Path dir, int port, int workers, boolean asRoot) {
		return render(dir, port, 0, null, workers, asRoot);
	}

	/**
	 * As {@link #render(Path, int, int, boolean)}, plus, with a certificate, a second server block on
	 * {@code tlsPort} serving the same locations over TLS 1.2/1.3 with session resumption off (no session cache,
	 * no tickets), so every new connection on the HTTPS cold cells pays a full handshake whichever the client.
	 */
	static String render(Path dir, int port, int tlsPort, SelfSignedCertificate certificate, int workers,
			boolean asRoot) {
		String d = dir.toString();
		return (asRoot ? "user root;\n" : "")
				+ "worker_processes " + workers + ";\n"
				+ "daemon off;\n"
				+ "pid " + d + "/nginx.pid;\n"
				+ "error_log " + d + "/error.log warn;\n"
				+ "events {\n"
				+ "\tworker_connections 8192;\n"
				+ "}\n"
				+ "http {\n"
				+ "\taccess_log off;\n"
				+ "\tkeepalive_timeout 600s;\n"
				+ "\tkeepalive_requests 1000000000;\n"
				+ "\ttcp_nodelay on;\n"
				+ "\tsendfile on;\n"
				+ "\tetag off;\n"
				+ "\tdefault_type application/octet-stream;\n"
				+ "\ttypes {\n\t}\n"
				+ "\topen_file_cache max=16 inactive=600s;\n"
				+ "\tclient_body_temp_path " + d + "/client_body;\n"
				+ "\tproxy_temp_path " + d + "/proxy;\n"
				+ "\tfastcgi_temp_path " + d + "/fastcgi;\n"
				+ "\tuwsgi_temp_path " + d + "/uwsgi;\n"
				+ "\tscgi_temp_path " + d + "/scgi;\n"
				+ "\tserver {\n"
				+ "\t\tlisten 127.0.0.1:" + port + " backlog=4096;\n"
				+ locations(d)
				+ "\t}\n"
				+ ((certificate != null && certificate.pem()) ? "\tserver {\n"
						+ "\t\tlisten 127.0.0.1:" + tlsPort + " ssl backlog=4096;\n"
						+ "\t\tssl_certificate " + certificate.certificatePem() + ";\n"
						+ "\t\tssl_certificate_key " + certificate.keyPem() + ";\n"
						+ "\t\tssl_protocols TLSv1.2 TLSv1.3;\n"
						+ "\t\tssl_session_cache off;\n"
						+ "\t\tssl_session_tickets off;\n"
						+ locations(d)
						+ "\t}\n" : "")
				+ "}\n";
	}

	private static String locations(String d) {
		return "\t\troot " + d + "/www;\n"
				+ "\t\tlocation = /1k {\n\t\t}\n"
				+ "\t\tlocation = /64k {\n\t\t}\n"
				+ "\t\tlocation = /status {\n\t\t\tstub_status;\n\t\t}\n"
				+ "\t\tlocation = /post {\n"
				+ "\t\t\tclient_body_buffer_size 64k;\n"
				+ "\t\t\tmirror /mirror;\n"
				+ "\t\t\tmirror_request_body on;\n"
				+ "\t\t\terror_page 405 =200 /post-answer;\n"
				+ "\t\t}\n"
				+ "\t\tlocation = /mirror {\n\t\t\tinternal;\n\t\t\treturn 204;\n\t\t}\n"
				+ "\t\tlocation = /post-answer {\n\t\t\tinternal;\n\t\t}\n";
	}
}
