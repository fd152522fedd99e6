package dev.eofpool.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made once per test JVM with the JDK's
 * own {@code keytool} (no committed keys, nothing to expire), with the server and client sides the tests need: a
 * server {@link SSLContext}, a trust store holding only that certificate, and Boot {@link SslBundle}s trusting it.
 */
public final class TestCertificates {

	/** Password of the key store, the key and every trust store written here. */
	public static final String PASSWORD = "changeit";

	private static final String ALIAS = "localhost";

	private TestCertificates() {
	}

	/** A server-side context presenting the certificate. */
	public static SSLContext serverContext() {
		try {
			KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			kmf.init(keyStore(), PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(kmf.getKeyManagers(), null, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A PKCS12 trust store holding the certificate and nothing else. */
	public static KeyStore trustStore() {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry(ALIAS, keyStore().getCertificate(ALIAS));
			return trustStore;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
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

	/** A bundle trusting the certificate, with the JDK's default protocols and cipher suites. */
	public static SslBundle trustingBundle() {
		return SslBundle.of(SslStoreBundle.of(null, null, trustStore()));
	}

	/** A bundle trusting the certificate, limited to these cipher suites and protocols. */
	public static SslBundle trustingBundle(SslOptions options) {
		return SslBundle.of(SslStoreBundle.of(null, null, trustStore()), SslBundleKey.NONE, options);
	}

	private static KeyStore keyStore() {
		try (InputStream in = Files.newInputStream(Generated.KEY_STORE)) {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(in, PASSWORD.toCharArray());
			return keyStore;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Generated on first use; class initialization makes that happen once. */
	private static final class Generated {

		static final Path KEY_STORE = generate();

		private static Path generate() {
			try {
				Path directory = Files.createTempDirectory("eofpool-spring-certs");
				directory.toFile().deleteOnExit();
				Path keyStore = directory.resolve(ALIAS + ".p12");
				String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
				Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
						"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
						"-validity", "3650", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass",
						PASSWORD, "-keypass", PASSWORD)
					.redirectErrorStream(true)
					.start();
				if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException(
							"keytool failed: " + new String(process.getInputStream().readAllBytes()));
				}
				keyStore.toFile().deleteOnExit();
				return keyStore;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
