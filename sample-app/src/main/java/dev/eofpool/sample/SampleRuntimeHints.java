package dev.eofpool.sample;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The hints of what the sample itself loads from its class path in a native image: the https upstream's key and trust
 * stores, read by the {@code tls-upstream} SSL bundle ({@code classpath:tls-upstream/*.p12}).
 */
class SampleRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("tls-upstream/*.p12");
	}

}
