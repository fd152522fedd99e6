package dev.eofpool.transport.internal.pool;

import java.util.Arrays;

/**
 * Which route holds the pool's least recently used idle connection: a binary min-heap of the routes with idle
 * connections, each under a key that is at most the keep order ({@link PooledConnection#keptOrder}) of its oldest
 * idle connection (the bottom of its idle stack). The keys are corrected only when asked: a route whose oldest idle
 * connection was taken or retired keeps its old, lower key until it reaches the top, and a route left without idle
 * connections until then. So leasing and returning a connection never touch the heap (a route enters it only when
 * its first idle connection arrives), and finding the oldest is a few steps of fixing stale keys. Guarded by the
 * pool's lock.
 */
final class OldestIdle {

	private RouteState[] routes = new RouteState[16];

	// keys[i] <= the keep order of routes[i]'s oldest idle connection; the heap is ordered by these
	private long[] keys = new long[16];

	private int size;

	/**
	 * Puts the route in, whose oldest idle connection is now {@code c}, unless it is in already: then under a lower
	 * key, since keep orders only grow.
	 */
	void kept(RouteState route, PooledConnection c) {
		if (route.oldestIdleSlot >= 0) {
			return;
		}
		if (this.size == this.routes.length) {
			this.routes = Arrays.copyOf(this.routes, this.size * 2);
			this.keys = Arrays.copyOf(this.keys, this.size * 2);
		}
		place(this.size, route, c.keptOrder);
		up(this.size++);
	}

	/** The route holding the pool's least recently used idle connection, or {@code null} when none is idle. */
	RouteState oldest() {
		while (this.size > 0) {
			RouteState top = this.routes[0];
			PooledConnection bottom = top.oldestIdle();
			if (bottom == null) {
				removeTop();
			}
			else if (bottom.keptOrder > this.keys[0]) {
				this.keys[0] = bottom.keptOrder;
				down(0);
			}
			else {
				return top;
			}
		}
		return null;
	}

	/** Starts again from the routes given, each under the exact key of its oldest idle connection. */
	void rebuild(Iterable<RouteState> all) {
		for (int i = 0; i < this.size; i++) {
			this.routes[i].oldestIdleSlot = -1;
			this.routes[i] = null;
		}
		this.size = 0;
		for (RouteState route : all) {
			PooledConnection bottom = route.oldestIdle();
			if (bottom != null) {
				kept(route, bottom);
			}
		}
	}

	/** Routes in the heap, some maybe without idle connections any more. */
	int size() {
		return this.size;
	}

	private void removeTop() {
		this.routes[0].oldestIdleSlot = -1;
		int last = --this.size;
		if (last > 0) {
			place(0, this.routes[last], this.keys[last]);
			this.routes[last] = null;
			down(0);
		}
		else {
			this.routes[0] = null;
		}
	}

	private void place(int at, RouteState route, long key) {
		this.routes[at] = route;
		this.keys[at] = key;
		route.oldestIdleSlot = at;
	}

	private void up(int at) {
		RouteState route = this.routes[at];
		long key = this.keys[at];
		while (at > 0) {
			int parent = (at - 1) >>> 1;
			if (this.keys[parent] <= key) {
				break;
			}
			place(at, this.routes[parent], this.keys[parent]);
			at = parent;
		}
		place(at, route, key);
	}

	private void down(int at) {
		RouteState route = this.routes[at];
		long key = this.keys[at];
		for (;;) {
			int child = 2 * at + 1;
			if (child >= this.size) {
				break;
			}
			if (child + 1 < this.size && this.keys[child + 1] < this.keys[child]) {
				child++;
			}
			if (this.keys[child] >= key) {
				break;
			}
			place(at, this.routes[child], this.keys[child]);
			at = child;
		}
		place(at, route, key);
	}
}
