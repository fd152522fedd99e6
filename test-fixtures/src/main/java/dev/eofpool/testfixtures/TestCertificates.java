package dev.eofpool.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed server certificates made once per test JVM with the JDK's own {@code keytool} (no committed keys, no
 * expiry): {@link #LOCALHOST} (names {@code localhost}, {@code origin.test} and {@code 127.0.0.1}), {@link #WRONG_NAME} (only
 * {@code wrong.example}) and {@link #UNTRUSTED} (right names, but not in {@link #trustStore()}).
 */
public final class TestCertificates {

	/** Trusted, for {@code localhost}, {@code origin.test} (reached through the test proxy) and {@code 127.0.0.1}. */
	public static final String LOCALHOST = "localhost";

	/** Trusted, but for {@code wrong.example} only. */
	public static final String WRONG_NAME = "wrongname";

	/** For {@code localhost} and {@code 127.0.0.1}, but missing from the trust store. */
	public static final String UNTRUSTED = "untrusted";

	/** Password of every key store, key and trust store made here. */
	public static final String PASSWORD = "changeit";

	private TestCertificates() {
	}

	/** The server key store of one of the certificates above. */
	public static KeyStore keyStore(String name) {
		try (InputStream in = Files.newInputStream(directory().resolve(name + ".p12"))) {
			KeyStore ks = KeyStore.getInstance("PKCS12");
			ks.load(in, PASSWORD.toCharArray());
			return ks;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A server-side context presenting {@link #LOCALHOST}. */
	public static SSLContext serverContext() {
		return serverContext(LOCALHOST);
	}

	/** Writes {@link #trustStore()} to {@code file} (PKCS12, password {@link #PASSWORD}) and returns the file. */
	public static Path writeTrustStore(Path file) {
		try (OutputStream out = Files.newOutputStream(file)) {
			trustStore().store(out, PASSWORD.toCharArray());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A server-side context presenting one of the certificates above. */
	public static SSLContext serverContext(String name) {
		try {
			KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			kmf.init(keyStore(name), PASSWORD.toCharArray());
			SSLContext ctx = SSLContext.getInstance("TLS");
			ctx.init(kmf.getKeyManagers(), null, null);
			return ctx;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Trusts {@link #LOCALHOST} and {@link #WRONG_NAME}, nothing else. */
	public static KeyStore trustStore() {
		try {
			KeyStore ts = KeyStore.getInstance("PKCS12");
			ts.load(null, null);
			for (String name : List.of(LOCALHOST, WRONG_NAME)) {
				ts.setCertificateEntry(name, keyStore(name).getCertificate(name));
			}
			return ts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path directory() {
		return Generated.DIR;
	}

	/** Generated on first use; class initialization makes that happen once. */
	private static final class Generated {

		static final Path DIR = generate();
	}

	/** Runs the three keytool invocations in parallel (each is a JVM start). */
	private static Path generate() {
		try {
			Path d = Files.createTempDirectory("eofpool-certs");
			d.toFile().deleteOnExit();
			String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
			List<Process> processes = new ArrayList<>();
			processes.add(keytool(keytool, d, LOCALHOST, "CN=localhost", "SAN=dns:localhost,dns:origin.test,ip:127.0.0.1"));
			processes.add(keytool(keytool, d, WRONG_NAME, "CN=wrong.example", "SAN=dns:wrong.example"));
			processes.add(keytool(keytool, d, UNTRUSTED, "CN=localhost, O=Untrusted", "SAN=dns:localhost,ip:127.0.0.1"));
			for (Process p : processes) {
				if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
					throw new IllegalStateException("keytool failed: "
							+ new String(p.getInputStream().readAllBytes()));
				}
			}
			for (String name : List.of(LOCALHOST, WRONG_NAME, UNTRUSTED)) {
				d.resolve(name + ".p12").toFile().deleteOnExit();
			}
			return d;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Process keytool(String keytool, Path d, String alias, String dname, String san) throws IOException {
		return new ProcessBuilder(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
				"-dname", dname, "-ext", san, "-validity", "3650", "-keystore", d.resolve(alias + ".p12").toString(),
				"-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
	}
}
