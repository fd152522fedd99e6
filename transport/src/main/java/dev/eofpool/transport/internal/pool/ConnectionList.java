package dev.eofpool.transport.internal.pool;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An intrusive doubly linked list of connections, oldest first: each connection carries one {@link Link} per list
 * kind, so adding, removing and the membership test are a few field writes, with no hashing and no allocation on the
 * request path. The pool keeps its least-recently-used list of idle connections and each route's leased connections
 * in one. Guarded by the pool's lock.
 */
final class ConnectionList implements Iterable<PooledConnection> {

	/** A connection's place in one kind of list. */
	static final class Link {

		final PooledConnection connection;

		ConnectionList in;

		Link prev;

		Link next;

		Link(PooledConnection connection) {
			this.connection = connection;
		}
	}

	private final Function<PooledConnection, Link> link;

	private Link head;

	private Link tail;

	private int size;

	/** @param link which of a connection's links this list uses */
	ConnectionList(Function<PooledConnection, Link> link) {
		this.link = link;
	}

	void addLast(PooledConnection c) {
		Link l = this.link.apply(c);
		l.in = this;
		l.prev = this.tail;
		l.next = null;
		if (this.tail != null) {
			this.tail.next = l;
		}
		else {
			this.head = l;
		}
		this.tail = l;
		this.size++;
	}

	/** @return whether {@code c} was in this list (a second removal does nothing and returns {@code false}) */
	boolean remove(PooledConnection c) {
		Link l = this.link.apply(c);
		if (l.in != this) {
			return false;
		}
		if (l.prev != null) {
			l.prev.next = l.next;
		}
		else {
			this.head = l.next;
		}
		if (l.next != null) {
			l.next.prev = l.prev;
		}
		else {
			this.tail = l.prev;
		}
		l.in = null;
		l.prev = null;
		l.next = null;
		this.size--;
		return true;
	}

	boolean contains(PooledConnection c) {
		return this.link.apply(c).in == this;
	}

	/** The oldest connection, or {@code null} when empty. */
	PooledConnection first() {
		return (this.head != null) ? this.head.connection : null;
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
			remove(this.head.connection);
		}
	}

	/** Oldest first; the connection just returned may be removed while iterating. */
	@Override
	public Iterator<PooledConnection> iterator() {
		return new Iterator<>() {

			private Link next = ConnectionList.this.head;

			@Override
			public boolean hasNext() {
				return this.next != null;
			}

			@Override
			public PooledConnection next() {
				if (this.next == null) {
					throw new NoSuchElementException();
				}
				Link l = this.next;
				this.next = l.next;
				return l.connection;
			}
		};
	}
}
