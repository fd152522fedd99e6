package dev.eofpool.benchmarks.contenders;

import java.lang.reflect.Constructor;

import org.springframework.http.client.ClientHttpRequestFactory;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.tls.TlsSettings;

/**
 * eofpool's own {@code EofPoolClientHttpRequestFactory} over one {@link HttpTransport} sized to the cell. The factory
 * lives in the autoconfigure module, which this module does not need to compile: it is found by name, so the harness
 * runs (and says why this contender is missing) on a class path without it.
 */
class EofPoolContender implements Contender {

	static final String FACTORY_CLASS = "dev.eofpool.spring.EofPoolClientHttpRequestFactory";

	@Override
	public String name() {
		return "eofpool";
	}

	@Override
	public boolean viaRestClient() {
		return true;
	}

	@Override
	public boolean eofpool() {
		return true;
	}

	@Override
	public String unavailableReason() {
		try {
			factoryConstructor();
			return null;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return FACTORY_CLASS + "(HttpTransport) is not on the class path (" + ex + ")";
		}
	}

	@Override
	public Client open(Targets targets, int connections) throws Exception {
		HttpTransport transport = EofPoolRawContender.sizedTransport(connections, null, compression());
		ClientHttpRequestFactory factory = (ClientHttpRequestFactory) factoryConstructor().newInstance(transport);
		TlsSettings tls = EofPoolRawContender.tlsSettings(targets);
		if (tls != null) {
			// the factory's own TLS settings, as the auto-configuration gives it an SSL bundle's
			factory.getClass().getMethod("setTls", TlsSettings.class).invoke(factory, tls);
		}
		return new RestClientClient(factory, targets, () -> {
			if (factory instanceof AutoCloseable closeable) {
				closeable.close();
			}
			transport.close();
		});
	}

	/** Whether the transport asks for and decodes compressed responses (eofpool's default). */
	boolean compression() {
		return true;
	}

	private static Constructor<?> factoryConstructor() throws ReflectiveOperationException {
		return Class.forName(FACTORY_CLASS).getConstructor(HttpTransport.class);
	}
}
