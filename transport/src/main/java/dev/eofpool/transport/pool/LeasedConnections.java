package dev.eofpool.transport.pool;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A route's leased connections: an intrusive doubly linked list through fields of {@link PooledConnection}, so adding,
 * removing and the membership test are a few field writes, with no hashing and no allocation on the request path.
 * Guarded by the pool's lock.
 */
final class LeasedConnections implements Iterable<PooledConnection> {

	private PooledConnection head;

	private int size;

	void add(PooledConnection c) {
		c.leasedIn = this;
		c.leasedPrev = null;
		c.leasedNext = this.head;
		if (this.head != null) {
			this.head.leasedPrev = c;
		}
		this.head = c;
		this.size++;
	}

	/** @return whether {@code c} was in this list (a second removal does nothing and returns {@code false}) */
	boolean remove(PooledConnection c) {
		if (c.leasedIn != this) {
			return false;
		}
		if (c.leasedPrev != null) {
			c.leasedPrev.leasedNext = c.leasedNext;
		}
		else {
			this.head = c.leasedNext;
		}
		if (c.leasedNext != null) {
			c.leasedNext.leasedPrev = c.leasedPrev;
		}
		c.leasedIn = null;
		c.leasedPrev = null;
		c.leasedNext = null;
		this.size--;
		return true;
	}

	boolean contains(PooledConnection c) {
		return c.leasedIn == this;
	}

	boolean isEmpty() {
		return this.size == 0;
	}

	int size() {
		return this.size;
	}

	@Override
	public Iterator<PooledConnection> iterator() {
		return new Iterator<>() {

			private PooledConnection next = LeasedConnections.this.head;

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
				this.next = c.leasedNext;
				return c;
			}
		};
	}
}
