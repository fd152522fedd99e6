package dev.eofpool.transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners combined: each event reaches every listener once, in the order they were combined. */
class CallListenersTest {

	private static final URI URI_OF_CALL = URI.create("http://localhost:8080/");

	private final List<String> told = new ArrayList<>();

	private CallListener named(String name) {
		return new CallListener() {
			@Override
			public void callStart(Route route, HttpRequest request) {
				CallListenersTest.this.told.add(name);
			}
		};
	}

	private List<String> start(CallListener listener) {
		this.told.clear();
		listener.callStart(Route.of(URI_OF_CALL), HttpRequest.get(URI_OF_CALL));
		return this.told;
	}

	@Test
	void noneOrNullLeavesTheOtherAsItIs() {
		CallListener a = named("a");
		assertThat(CallListeners.of(CallListener.NONE, a)).isSameAs(a);
		assertThat(CallListeners.of(a, null)).isSameAs(a);
		assertThat(CallListeners.of(null, null)).isSameAs(CallListener.NONE);
	}

	@Test
	void everyCombinationKeepsTheOrder() {
		CallListener a = named("a");
		CallListener b = named("b");
		CallListener c = named("c");
		CallListener d = named("d");
		assertThat(start(CallListeners.of(a, b))).containsExactly("a", "b");
		assertThat(start(CallListeners.of(CallListeners.of(a, b), c))).containsExactly("a", "b", "c");
		assertThat(start(CallListeners.of(a, CallListeners.of(b, c)))).containsExactly("a", "b", "c");
		assertThat(start(CallListeners.of(CallListeners.of(a, b), CallListeners.of(c, d))))
			.containsExactly("a", "b", "c", "d");
	}

	@Test
	void withoutRemovesEveryOccurrenceAndKeepsTheRest() {
		CallListener a = named("a");
		CallListener b = named("b");
		CallListener c = named("c");
		CallListener all = CallListeners.of(CallListeners.of(a, b), CallListeners.of(c, a));
		assertThat(start(CallListeners.without(all, a))).containsExactly("b", "c");
		assertThat(CallListeners.without(CallListeners.of(a, b), b)).isSameAs(a);
	}

}
