package dev.eofpool.transport.internal.connection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Finds the {@link VarHandle} of a field its class updates by compare-and-set, failing the class's initialization. */
final class FieldHandles {

	private FieldHandles() {
	}

	/** The handle of the field {@code name} of type {@code type} in the class of {@code lookup}. */
	static VarHandle of(MethodHandles.Lookup lookup, String name, Class<?> type) {
		try {
			return lookup.findVarHandle(lookup.lookupClass(), name, type);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}
}
