package dev.eofpool.transport.internal.pool;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An intrusive doubly linked list of connections: each connection carries its place in each kind of list in its own
 * fields, so adding, removing and the membership test are a few field writes on the connection and its neighbours,
 * with no hashing, no allocation and no separate link object to load on the request path. The pool keeps its
 * least-recently-used list of idle connections (oldest first) in one of the {@link #lru} kind, and each route's idle
 * (most recently used first) and leased connections in two of the {@link #ofRoute} kind, which share one set of
 * fields since a connection is never idle and leased at once. Guarded by the pool's lock.
 */
final class ConnectionList implements Iterable<PooledConnection> {

	// which of a connection's places this list uses: lru* (true) or route* (false)
	private final boolean lru;

	private PooledConnection head;

	private PooledConnection tail;

	private int size;

	private ConnectionList(boolean lru) {
		this.lru = lru;
	}

	/** A list of the pool-wide least-recently-used kind (a connection's {@code lru*} fields). */
	static ConnectionList lru() {
		return new ConnectionList(true);
	}

	/** A list of a route's kind, idle or leased (a connection's {@code route*} fields). */
	static ConnectionList ofRoute() {
		return new ConnectionList(false);
	}

	private PooledConnection prev(PooledConnection c) {
		return this.lru ? c.lruPrev : c.routePrev;
	}

	private PooledConnection next(PooledConnection c) {
		return this.lru ? c.lruNext : c.routeNext;
	}

	private ConnectionList in(PooledConnection c) {
		return this.lru ? c.lruIn : c.routeIn;
	}

	private void link(PooledConnection c, ConnectionList in, PooledConnection prev, PooledConnection next) {
		if (this.lru) {
			c.lruIn = in;
			c.lruPrev = prev;
			c.lruNext = next;
		}
		else {
			c.routeIn = in;
			c.routePrev = prev;
			c.routeNext = next;
		}
	}

	private void setPrev(PooledConnection c, PooledConnection prev) {
		if (this.lru) {
			c.lruPrev = prev;
		}
		else {
			c.routePrev = prev;
		}
	}

	private void setNext(PooledConnection c, PooledConnection next) {
		if (this.lru) {
			c.lruNext = next;
		}
		else {
			c.routeNext = next;
		}
	}

	/** Puts {@code c}, in no list of this kind, at the head. */
	void addFirst(PooledConnection c) {
		link(c, this, null, this.head);
		if (this.head != null) {
			setPrev(this.head, c);
		}
		else {
			this.tail = c;
		}
		this.head = c;
		this.size++;
	}

	/** Takes the connection at the head out, or returns {@code null} when empty. */
	PooledConnection pollFirst() {
		PooledConnection c = this.head;
		if (c != null) {
			remove(c);
		}
		return c;
	}

	/** Puts {@code c}, in no list of this kind, at the tail. */
	void addLast(PooledConnection c) {
		link(c, this, this.tail, null);
		if (this.tail != null) {
			setNext(this.tail, c);
		}
		else {
			this.head = c;
		}
		this.tail = c;
		this.size++;
	}

	/** @return whether {@code c} was in this list (a second removal does nothing and returns {@code false}) */
	boolean remove(PooledConnection c) {
		if (in(c) != this) {
			return false;
		}
		PooledConnection prev = prev(c);
		PooledConnection next = next(c);
		if (prev != null) {
			setNext(prev, next);
		}
		else {
			this.head = next;
		}
		if (next != null) {
			setPrev(next, prev);
		}
		else {
			this.tail = prev;
		}
		link(c, null, null, null);
		this.size--;
		return true;
	}

	boolean contains(PooledConnection c) {
		return in(c) == this;
	}

	/** The connection at the head, or {@code null} when empty. */
	PooledConnection first() {
		return this.head;
	}

	boolean isEmpty() {
		return this.size == 0;
	}

	int size() {
		return this.size;
	}

	/** Takes every connection out of the list. */
	void clear() {
		while (this.head != null) {
			remove(this.head);
		}
	}

	/** Head first; the connection just returned may be removed while iterating. */
	@Override
	public Iterator<PooledConnection> iterator() {
		return new Iterator<>() {

			private PooledConnection next = ConnectionList.this.head;

			@Override
			public boolean hasNext() {
				return this.next != null;
			}

			@Override
			public PooledConnection next() {
				if (this.next == null) {
					throw new NoSuchElementException();
				}
				PooledConnection c = this.next;
				this.next = ConnectionList.this.next(c);
				return c;
			}
		};
	}
}
