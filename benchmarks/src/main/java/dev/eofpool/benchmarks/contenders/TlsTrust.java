package dev.eofpool.benchmarks.contenders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What every contender trusts on the HTTPS workloads: the run's self-signed certificate, read from the PKCS12 trust
 * store the server side generated, as one {@link SSLContext} (default key managers, the JDK's default protocols) and
 * its {@link X509TrustManager}, for the clients that take a trust manager rather than a context.
 */
public final class TlsTrust {

	/** The password of the generated stores (they hold a throwaway certificate for loopback only). */
	public static final String PASSWORD = "eofpool-bench";

	private final SSLContext sslContext;

	private final X509TrustManager trustManager;

	private final KeyStore trustStore;

	private TlsTrust(SSLContext sslContext, X509TrustManager trustManager, KeyStore trustStore) {
		this.sslContext = sslContext;
		this.trustManager = trustManager;
		this.trustStore = trustStore;
	}

	/**
	 * Reads a PKCS12 trust store protected by {@link #PASSWORD}.
	 * @throws IOException when it cannot be read or holds no usable certificate
	 */
	public static TlsTrust load(Path trustStore) throws IOException {
		try (InputStream in = Files.newInputStream(trustStore)) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, PASSWORD.toCharArray());
			TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			tmf.init(store);
			X509TrustManager x509 = null;
			for (TrustManager tm : tmf.getTrustManagers()) {
				if (tm instanceof X509TrustManager candidate) {
					x509 = candidate;
				}
			}
			if (x509 == null) {
				throw new IOException("No X509TrustManager for " + trustStore);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { x509 }, null);
			return new TlsTrust(context, x509, store);
		}
		catch (GeneralSecurityException ex) {
			throw new IOException("Cannot read the trust store " + trustStore + ": " + ex, ex);
		}
	}

	public SSLContext sslContext() {
		return this.sslContext;
	}

	public X509TrustManager trustManager() {
		return this.trustManager;
	}

	public KeyStore trustStore() {
		return this.trustStore;
	}
}
