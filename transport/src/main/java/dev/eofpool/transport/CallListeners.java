package dev.eofpool.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** Call listeners combined: each event reaches every listener in order. Immutable. */
final class CallListeners implements CallListener {

	private final CallListener[] all;

	private CallListeners(CallListener[] all) {
		this.all = all;
	}

	/** {@code first} then {@code second}, either of which may be {@link CallListener#NONE} or {@code null}. */
	static CallListener of(CallListener first, CallListener second) {
		if (first == null || first == NONE) {
			return (second != null) ? second : NONE;
		}
		if (second == null || second == NONE) {
			return first;
		}
		// a request's own listener joins the transport's on every such call: one array, no intermediate ones
		if (!(first instanceof CallListeners) && !(second instanceof CallListeners)) {
			return new CallListeners(new CallListener[] { first, second });
		}
		CallListener[] a = (first instanceof CallListeners f) ? f.all : null;
		CallListener[] b = (second instanceof CallListeners s) ? s.all : null;
		int aLength = (a != null) ? a.length : 1;
		int bLength = (b != null) ? b.length : 1;
		CallListener[] all = new CallListener[aLength + bLength];
		if (a != null) {
			System.arraycopy(a, 0, all, 0, aLength);
		}
		else {
			all[0] = first;
		}
		if (b != null) {
			System.arraycopy(b, 0, all, aLength, bLength);
		}
		else {
			all[aLength] = second;
		}
		return new CallListeners(all);
	}

	/** The listeners of {@code combined} without {@code removed} (every occurrence). */
	static CallListener without(CallListener combined, CallListener removed) {
		CallListener[] all = (combined instanceof CallListeners c) ? c.all : new CallListener[] { combined };
		CallListener out = NONE;
		for (CallListener l : all) {
			if (l != removed) {
				out = of(out, l);
			}
		}
		return out;
	}

	@Override
	public void callStart(Route route, HttpRequest request) {
		for (CallListener l : this.all) {
			l.callStart(route, request);
		}
	}

	@Override
	public void callEnd(Route route, int status, IOException failure, long durationNanos) {
		for (CallListener l : this.all) {
			l.callEnd(route, status, failure, durationNanos);
		}
	}

	@Override
	public void dnsStart(Route route, String host) {
		for (CallListener l : this.all) {
			l.dnsStart(route, host);
		}
	}

	@Override
	public void dnsEnd(Route route, String host, List<InetAddress> addresses, IOException failure, long nanos) {
		for (CallListener l : this.all) {
			l.dnsEnd(route, host, addresses, failure, nanos);
		}
	}

	@Override
	public void connectStart(Route route, InetSocketAddress address) {
		for (CallListener l : this.all) {
			l.connectStart(route, address);
		}
	}

	@Override
	public void connectEnd(Route route, InetSocketAddress address, long nanos) {
		for (CallListener l : this.all) {
			l.connectEnd(route, address, nanos);
		}
	}

	@Override
	public void connectFailed(Route route, InetSocketAddress address, IOException failure, long nanos) {
		for (CallListener l : this.all) {
			l.connectFailed(route, address, failure, nanos);
		}
	}

	@Override
	public void tlsStart(Route route) {
		for (CallListener l : this.all) {
			l.tlsStart(route);
		}
	}

	@Override
	public void tlsEnd(Route route, IOException failure, long nanos) {
		for (CallListener l : this.all) {
			l.tlsEnd(route, failure, nanos);
		}
	}

	@Override
	public void connectionAcquired(Route route, boolean reused, long idleNanos, long waitNanos) {
		for (CallListener l : this.all) {
			l.connectionAcquired(route, reused, idleNanos, waitNanos);
		}
	}

	@Override
	public void requestHeadWritten(Route route) {
		for (CallListener l : this.all) {
			l.requestHeadWritten(route);
		}
	}

	@Override
	public void requestBodyWritten(Route route, long bytes) {
		for (CallListener l : this.all) {
			l.requestBodyWritten(route, bytes);
		}
	}

	@Override
	public void responseHeadReceived(Route route, int status, long timeToFirstByteNanos) {
		for (CallListener l : this.all) {
			l.responseHeadReceived(route, status, timeToFirstByteNanos);
		}
	}

	@Override
	public void responseBodyEnd(Route route, boolean complete) {
		for (CallListener l : this.all) {
			l.responseBodyEnd(route, complete);
		}
	}

	@Override
	public void connectionReleased(Route route, boolean kept, CloseReason reason) {
		for (CallListener l : this.all) {
			l.connectionReleased(route, kept, reason);
		}
	}
}
