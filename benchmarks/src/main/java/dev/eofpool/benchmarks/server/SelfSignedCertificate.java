package dev.eofpool.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import dev.eofpool.benchmarks.contenders.TlsTrust;

/**
 * The run's throwaway certificate for {@code localhost} and {@code 127.0.0.1} (RSA 2048, valid two days), generated
 * at run time with the JDK's {@code keytool}: the server's PKCS12 key store, a PKCS12 trust store holding only the
 * certificate (what every contender trusts), and, when {@code openssl} is installed, the PEM key and certificate
 * nginx reads. Both stores use {@link TlsTrust#PASSWORD}.
 *
 * @param keyStore the server's key and certificate (PKCS12)
 * @param trustStore the certificate alone (PKCS12)
 * @param certificatePem the certificate in PEM, or {@code null} without {@code openssl}
 * @param keyPem the unencrypted private key in PEM, or {@code null} without {@code openssl}
 */
public record SelfSignedCertificate(Path keyStore, Path trustStore, Path certificatePem, Path keyPem) {

	private static final long TOOL_TIMEOUT_SECONDS = 60;

	/**
	 * Generates the stores (and the PEM files when it can) in {@code dir}.
	 * @throws IOException when {@code keytool} fails
	 */
	public static SelfSignedCertificate generate(Path directory) throws IOException, InterruptedException {
		// absolute: the tools run in this directory, and nginx and the workers read the files from elsewhere
		Path dir = Files.createDirectories(directory).toAbsolutePath();
		Path keyStore = dir.resolve("server.p12");
		Path trustStore = dir.resolve("trust.p12");
		Path cer = dir.resolve("server.cer");
		String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
		String pass = TlsTrust.PASSWORD;
		run(dir, keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", pass, "-keypass", pass);
		run(dir, keytool, "-exportcert", "-alias", "localhost", "-keystore", keyStore.toString(), "-storepass", pass,
				"-file", cer.toString());
		run(dir, keytool, "-importcert", "-noprompt", "-alias", "localhost", "-file", cer.toString(), "-storetype",
				"PKCS12", "-keystore", trustStore.toString(), "-storepass", pass);
		Path certPem = null;
		Path keyPem = null;
		String openssl = openssl();
		if (openssl != null) {
			certPem = dir.resolve("server.crt.pem");
			keyPem = dir.resolve("server.key.pem");
			run(dir, openssl, "pkcs12", "-in", keyStore.toString(), "-passin", "pass:" + pass, "-nokeys", "-clcerts",
					"-out", certPem.toString());
			run(dir, openssl, "pkcs12", "-in", keyStore.toString(), "-passin", "pass:" + pass, "-nocerts", "-nodes",
					"-out", keyPem.toString());
			// nginx's workers may run as another user
			certPem.toFile().setReadable(true, false);
			keyPem.toFile().setReadable(true, false);
		}
		return new SelfSignedCertificate(keyStore, trustStore, certPem, keyPem);
	}

	/** Whether nginx can serve it (the PEM files exist). */
	public boolean pem() {
		return this.certificatePem != null && this.keyPem != null;
	}

	/** A server-side context with the key store's key (for the embedded server). */
	public SSLContext serverContext() throws IOException {
		try (InputStream in = Files.newInputStream(this.keyStore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, TlsTrust.PASSWORD.toCharArray());
			KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			kmf.init(store, TlsTrust.PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(kmf.getKeyManagers(), null, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Cannot read the key store " + this.keyStore + ": " + ex, ex);
		}
	}

	/** {@code openssl} on the {@code PATH} (or in {@code /usr/bin}), else {@code null}. */
	static String openssl() {
		List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/local/bin"));
		String path = System.getenv("PATH");
		if (path != null) {
			dirs.addAll(List.of(path.split(":")));
		}
		for (String d : dirs) {
			Path candidate = Paths.get(d, "openssl");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	private static void run(Path dir, String... command) throws IOException, InterruptedException {
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException(command[0] + " did not finish: " + out);
		}
		if (p.exitValue() != 0) {
			throw new IOException(String.join(" ", command[0], command[1]) + " failed (" + p.exitValue() + "): " + out);
		}
	}
}
