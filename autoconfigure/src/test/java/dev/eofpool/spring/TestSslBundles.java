package dev.eofpool.spring;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import dev.eofpool.testfixtures.TestCertificates;

/** Boot {@link SslBundle}s trusting the shared {@link TestCertificates} (the Spring side of those fixtures). */
public final class TestSslBundles {

	private TestSslBundles() {
	}

	/** A bundle trusting the test certificates, with the JDK's default protocols and cipher suites. */
	public static SslBundle trusting() {
		return SslBundle.of(SslStoreBundle.of(null, null, TestCertificates.trustStore()));
	}

	/** A bundle trusting the test certificates, limited to these cipher suites and protocols. */
	public static SslBundle trusting(SslOptions options) {
		return SslBundle.of(SslStoreBundle.of(null, null, TestCertificates.trustStore()), SslBundleKey.NONE, options);
	}
}
