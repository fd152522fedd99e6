package dev.eofpool.spring;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

import dev.eofpool.transport.tls.TlsSettings;

/**
 * Turns a Spring Boot {@link SslBundle} (from {@code spring.http.clients.ssl.bundle}, a builder's or an HTTP service
 * group's {@code sslBundle}) into eofpool {@link TlsSettings}: the bundle's {@link SslBundle#createSslContext() SSL
 * context} (its trust and key material), and its {@link SslOptions} cipher suites and enabled protocols. Hostname
 * verification stays on, as with Boot's own clients.
 * <p>
 * Each {@code createSslContext()} call makes a new context, and connections (and TLS sessions) are shared only
 * between equal settings, that is, the same context. So factories should go through one {@code SslBundleTls}
 * instance, whose {@link #get(SslBundle)} returns the same settings for the same bundle object for as long as the
 * bundle lives (a reloaded bundle is a new object and gets new settings; the old entry goes with the old bundle).
 */
public final class SslBundleTls {

	private final ReentrantLock lock = new ReentrantLock();

	// guarded by lock; weak keys so reloaded bundles do not pile up
	private final Map<SslBundle, TlsSettings> cache = new WeakHashMap<>();

	/**
	 * The TLS settings of a bundle, built anew on every call (a new {@code SSLContext}).
	 * @throws IllegalStateException when the bundle's options name protocols or cipher suites its context does not
	 * support
	 */
	public static TlsSettings from(SslBundle bundle) {
		TlsSettings.Builder tls = TlsSettings.builder().sslContext(bundle.createSslContext());
		SslOptions options = bundle.getOptions();
		if (options != null) {
			tls.cipherSuites(list(options.getCiphers()));
			tls.protocols(list(options.getEnabledProtocols()));
		}
		try {
			return tls.build();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("SSL bundle options cannot be used by eofpool: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The TLS settings of a bundle, the same instance for the same bundle object, so factories built from one bundle
	 * share connections and TLS sessions.
	 */
	public TlsSettings get(SslBundle bundle) {
		this.lock.lock();
		try {
			TlsSettings cached = this.cache.get(bundle);
			if (cached != null) {
				return cached;
			}
		}
		finally {
			this.lock.unlock();
		}
		// built outside the lock (it reads key material); two racing threads build twice and the first one wins
		TlsSettings built = from(bundle);
		this.lock.lock();
		try {
			return this.cache.computeIfAbsent(bundle, (b) -> built);
		}
		finally {
			this.lock.unlock();
		}
	}

	private static List<String> list(String[] values) {
		return (values != null) ? Arrays.asList(values) : List.of();
	}
}
