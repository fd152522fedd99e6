package dev.eofpool.benchmarks.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.eofpool.benchmarks.load.Workload;

/**
 * Our own nginx instance on a free loopback port, configured in a directory of its own (it never touches the system's
 * nginx): static {@code /1k} and {@code /64k}, {@code /post} answered only after the whole body was read, and
 * {@code stub_status} at {@code /status}. Keep-alive without a request limit, no access log.
 */
public final class NginxServer implements TargetServer {

	private static final long START_TIMEOUT_MILLIS = 10_000;

	private final Process process;

	private final int port;

	private final String version;

	private final int workers;

	/** The HTTPS port, or 0 when nginx serves no TLS. */
	private final int tlsPort;

	private final SelfSignedCertificate certificate;

	private NginxServer(Process process, int port, String version, int workers, int tlsPort,
			SelfSignedCertificate certificate) {
		this.process = process;
		this.port = port;
		this.version = version;
		this.workers = workers;
		this.tlsPort = tlsPort;
		this.certificate = certificate;
	}

	/** The nginx binary: {@code /usr/sbin/nginx} or one on the {@code PATH}, else {@code null}. */
	public static Path find() {
		Path sbin = Paths.get("/usr/sbin/nginx");
		if (Files.isExecutable(sbin)) {
			return sbin;
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(":")) {
				Path candidate = Paths.get(dir, "nginx");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	/**
	 * Starts nginx with {@code workers} worker processes and waits until it answers.
	 * @param dir an empty directory for its configuration, content, logs and temporary files
	 */
	public static NginxServer start(Path nginx, Path dir, int workers) throws IOException, InterruptedException {
		return start(nginx, dir, workers, null);
	}

	/**
	 * As {@link #start(Path, Path, int)}, plus the same paths over TLS on a second free loopback port when the
	 * certificate has its PEM files ({@code openssl} was there to write them).
	 */
	public static NginxServer start(Path nginx, Path dir, int workers, SelfSignedCertificate certificate)
			throws IOException, InterruptedException {
		SelfSignedCertificate tls = (certificate != null && certificate.pem()) ? certificate : null;
		int port = freePort();
		int tlsPort = (tls != null) ? freePort(port) : 0;
		Path www = Files.createDirectories(dir.resolve("www"));
		Files.write(www.resolve("1k"), content(Workload.GET_1K.responseBytes()));
		Files.write(www.resolve("64k"), content(Workload.GET_64K.responseBytes()));
		Files.write(www.resolve("post-answer"), content(Workload.POST_RESPONSE_BYTES));
		// the static handler refuses a POST (405) only to a file that exists
		Files.write(www.resolve("post"), content(Workload.POST_RESPONSE_BYTES));
		// nginx's workers may run as another user: let them read the content and write their temporary files
		for (Path p : List.of(dir, www)) {
			p.toFile().setReadable(true, false);
			p.toFile().setExecutable(true, false);
		}
		Path conf = dir.resolve("nginx.conf");
		Files.writeString(conf, NginxConfig.render(dir, port, tlsPort, tls, workers,
				"root".equals(System.getProperty("user.name"))));
		Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e",
				dir.resolve("error.log").toString())
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("stdout.log").toFile())
			.start();
		NginxServer server = new NginxServer(process, port, version(nginx), workers, tlsPort, tls);
		server.awaitListening(dir, port);
		if (tlsPort != 0) {
			server.awaitListening(dir, tlsPort);
		}
		return server;
	}

	private void awaitListening(Path dir, int port) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("nginx exited with " + this.process.exitValue() + ": " + log(dir));
			}
			try (Socket probe = new Socket()) {
				probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50); // nginx is starting in its own process: poll its port, bounded by the loop's deadline
			}
		}
		close();
		throw new IOException("nginx did not listen on port " + port + " within " + START_TIMEOUT_MILLIS + " ms: "
				+ log(dir));
	}

	private static String log(Path dir) throws IOException {
		StringBuilder text = new StringBuilder();
		for (String name : List.of("stdout.log", "error.log")) {
			Path file = dir.resolve(name);
			if (Files.exists(file)) {
				text.append(Files.readString(file, StandardCharsets.UTF_8));
			}
		}
		return text.toString();
	}

	private static String version(Path nginx) {
		try {
			Process p = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			p.waitFor(5, TimeUnit.SECONDS);
			int slash = out.indexOf('/');
			return (slash < 0) ? out : out.substring(slash + 1);
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/** A free port other than {@code other}. */
	private static int freePort(int other) throws IOException {
		for (int i = 0; i < 10; i++) {
			int p = freePort();
			if (p != other) {
				return p;
			}
		}
		throw new IOException("No second free loopback port");
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return s.getLocalPort();
		}
	}

	private static byte[] content(int length) {
		byte[] body = new byte[length];
		for (int i = 0; i < length; i++) {
			body[i] = (byte) ('A' + (i % 26));
		}
		return body;
	}

	@Override
	public URI base() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	@Override
	public URI httpsBase() {
		return (this.tlsPort != 0) ? URI.create("https://127.0.0.1:" + this.tlsPort) : null;
	}

	@Override
	public Path trustStore() {
		return (this.certificate != null) ? this.certificate.trustStore() : null;
	}

	@Override
	public String httpsUnavailableReason() {
		return (this.tlsPort != 0) ? null : "nginx was started without a PEM certificate (openssl missing?)";
	}

	@Override
	public String description() {
		return "nginx " + this.version + " (" + this.workers + " worker process" + (this.workers == 1 ? "" : "es")
				+ ((this.tlsPort != 0) ? "; HTTPS: TLS 1.2/1.3, self-signed RSA 2048, session cache and tickets off" : "")
				+ ")";
	}

	/** Stops nginx (SIGTERM: fast shutdown), waiting up to 10 s, then kills it. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}
}
