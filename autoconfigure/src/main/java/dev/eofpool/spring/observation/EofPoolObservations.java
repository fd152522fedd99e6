package dev.eofpool.spring.observation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.ConnectAbandonedException;
import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.Route;

/**
 * Turns a call's wait for a connection, its connect (DNS lookup and TCP connect) and its TLS handshake into
 * observations ({@code eofpool.acquire}, {@code eofpool.connect}, {@code eofpool.tls.handshake}), children of the
 * observation current on the calling thread when the call starts (Spring's {@code http.client.requests}), so a tracing
 * bridge shows them as child spans. Each carries {@code server.address} and {@code server.port}; {@code eofpool.acquire}
 * also {@code eofpool.connection} = {@code reused} | {@code new}. The kind of connection the call got is also put in the
 * parent's context ({@link #connection(Observation.ContextView)}), where {@link EofPoolConnectionObservationFilter}
 * turns it into a key of {@code http.client.requests}.
 * <p>
 * The phases all run on the calling thread, inside {@code HttpTransport.send}, so their state is kept in a thread
 * local from the call's start to its response head (or its failure): a retry on a fresh connection, which happens
 * before any response byte, is seen too. A call made with no current observation opens none: there is no request to
 * attach them to.
 */
public final class EofPoolObservations implements CallListener {

	static final String ACQUIRE = "eofpool.acquire";

	static final String CONNECT = "eofpool.connect";

	static final String TLS_HANDSHAKE = "eofpool.tls.handshake";

	/** The key of the connection's kind in the parent observation's context; a value of its own, so nothing clashes. */
	private static final Object CONNECTION = new Object() {
		@Override
		public String toString() {
			return "eofpool.connection";
		}
	};

	private final ObservationRegistry registry;

	private final ThreadLocal<@Nullable Phases> phases = new ThreadLocal<>();

	/** Observations in {@code registry}, under its current observation. */
	public EofPoolObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/** The open observations of the call on this thread. */
	private static final class Phases {

		final Observation parent;

		final Route route;

		@Nullable Observation acquire;

		@Nullable Observation connect;

		@Nullable Observation tls;

		Phases(Observation parent, Route route) {
			this.parent = parent;
			this.route = route;
		}
	}

	@Override
	public void callStart(Route route, HttpRequest request) {
		Observation parent = this.registry.isNoop() ? null : this.registry.getCurrentObservation();
		if (parent == null) {
			// a stale call's phases must not catch this call's events; get() and set(null) rather than remove()
			// keep the thread's (empty) entry, so a call allocates no new entry and rehashes nothing
			if (this.phases.get() != null) {
				this.phases.set(null);
			}
			return;
		}
		Phases p = new Phases(parent, route);
		p.acquire = start(ACQUIRE, p);
		this.phases.set(p);
	}

	@Override
	public void dnsStart(Route route, String host) {
		Phases p = this.phases.get();
		if (p == null) {
			return;
		}
		// the wait is over: the call got a slot to dial in
		stopAcquire(p, "new");
		if (p.connect == null) {
			p.connect = start(CONNECT, p);
		}
	}

	@Override
	public void dnsEnd(Route route, String host, List<InetAddress> addresses, @Nullable IOException failure,
			long nanos) {
		Phases p = this.phases.get();
		if (p != null && failure != null && p.connect != null) {
			p.connect.error(failure);
		}
	}

	@Override
	public void connectEnd(Route route, InetSocketAddress address, long nanos) {
		Phases p = this.phases.get();
		if (p != null && p.connect != null) {
			p.connect.highCardinalityKeyValue("network.peer.address", address.getAddress().getHostAddress());
			p.connect.stop();
			p.connect = null;
		}
	}

	/**
	 * A failed or abandoned attempt (a blackholed address outrun by the next one after the connect stagger) becomes
	 * an event of {@code eofpool.connect}: {@code attempt.abandoned} or {@code attempt.failed}, naming the address.
	 */
	@Override
	public void connectFailed(Route route, InetSocketAddress address, IOException failure, long nanos) {
		Phases p = this.phases.get();
		if (p != null && p.connect != null) {
			String name = (failure instanceof ConnectAbandonedException) ? "attempt.abandoned" : "attempt.failed";
			p.connect.event(Observation.Event.of(name, name + " " + address.getAddress().getHostAddress() + " after "
					+ TimeUnit.NANOSECONDS.toMillis(nanos) + " ms: " + failure.getMessage()));
		}
	}

	@Override
	public void tlsStart(Route route) {
		Phases p = this.phases.get();
		if (p != null) {
			p.tls = start(TLS_HANDSHAKE, p);
		}
	}

	@Override
	public void tlsEnd(Route route, @Nullable IOException failure, long nanos) {
		Phases p = this.phases.get();
		if (p != null && p.tls != null) {
			if (failure != null) {
				p.tls.error(failure);
			}
			p.tls.stop();
			p.tls = null;
		}
	}

	/**
	 * The kind of connection the call observed under {@code parent} got: {@code reused} or {@code new} (the last one
	 * when it was retried on a fresh connection), or {@code null} when it got none (it failed before, or it did not
	 * run on eofpool).
	 */
	public static @Nullable String connection(Observation.ContextView parent) {
		return parent.get(CONNECTION);
	}

	@Override
	public void connectionAcquired(Route route, boolean reused, long idleNanos, long waitNanos) {
		Phases p = this.phases.get();
		if (p != null) {
			String kind = reused ? "reused" : "new";
			p.parent.getContext().put(CONNECTION, kind);
			stopAcquire(p, kind);
		}
	}

	@Override
	public void responseHeadReceived(Route route, int status, long timeToFirstByteNanos) {
		// the call can no longer retry: nothing more to observe on this thread
		this.phases.set(null);
	}

	@Override
	public void callEnd(Route route, int status, @Nullable IOException failure, long durationNanos) {
		Phases p = this.phases.get();
		if (p == null) {
			return; // the phases ended (or ran on another thread: the body's end)
		}
		// A call's end on this thread while another call is between its connection and its response head (the other
		// call's request body streams this call's response body) finds the other call's state: every phase of that
		// one has stopped by then, so this only stops observing a retry it might still make. State left by a call
		// whose end came on another thread is replaced at this thread's next call start.
		this.phases.set(null);
		for (Observation o : new Observation[] { p.tls, p.connect, p.acquire }) {
			if (o != null) {
				if (failure != null) {
					o.error(failure);
				}
				o.stop();
			}
		}
	}

	private Observation start(String name, Phases p) {
		return Observation.createNotStarted(name, this.registry)
			.parentObservation(p.parent)
			.lowCardinalityKeyValue("server.address", p.route.host())
			.lowCardinalityKeyValue("server.port", Integer.toString(p.route.port()))
			.start();
	}

	private static void stopAcquire(Phases p, String connection) {
		Observation acquire = p.acquire;
		if (acquire != null) {
			acquire.lowCardinalityKeyValue("eofpool.connection", connection);
			acquire.stop();
			p.acquire = null;
		}
	}
}
