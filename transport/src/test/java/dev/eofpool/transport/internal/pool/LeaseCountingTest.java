package dev.eofpool.transport.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.transport.CloseReason;
import dev.eofpool.transport.HostDrainedException;
import dev.eofpool.transport.ManualTicker;
import dev.eofpool.transport.PoolExhaustedException;
import dev.eofpool.transport.PoolStats;
import dev.eofpool.transport.RetryReason;
import dev.eofpool.transport.Route;
import dev.eofpool.transport.RouteStats;
import dev.eofpool.transport.TransportConfig;

/**
 * Each request is counted once, when its lease ends; a lease that served no request (a probe failure) counts none;
 * the server's keep-alive hint arrives with the release; the acquire wait is timed on the ticker.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaseCountingTest {

	private final Route route = new Route("http", "a", 80);

	private final ManualTicker ticker = new ManualTicker();

	private final List<StubConnection> opened = Collections.synchronizedList(new ArrayList<>());

	private ConnectionPool<StubConnection> pool(TransportConfig.Builder config) {
		return new ConnectionPool<>(config.ticker(this.ticker).backgroundEviction(false).build(), StubConnection.class);
	}

	private StubConnection dial(Route r) {
		StubConnection c = new StubConnection(r, this.ticker.nanoTime());
		this.opened.add(c);
		return c;
	}

	private RouteStats route(ConnectionPool<StubConnection> pool) {
		return pool.stats().routes().get(this.route);
	}

	@Test
	void requestsAreCountedWhenTheirLeaseEndsAndAProbeFailureCountsNone() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder().validateAfterIdle(Duration.ofSeconds(1)));
		StubConnection first = pool.acquire(this.route, this::dial);
		assertThat(first.reused()).isFalse();
		assertThat(route(pool).requests()).as("in flight: not yet counted").isZero();
		assertThat(pool.release(first, ReleaseOutcome.KEEP)).isTrue();
		assertThat(route(pool).requests()).isEqualTo(1);
		// idle for 2 s, and the server closed it: the probe finds it dead, the pool dials a fresh one
		this.ticker.advance(2, TimeUnit.SECONDS);
		first.probeResult = CloseReason.SERVER_CLOSED_IDLE;
		StubConnection second = pool.acquire(this.route, this::dial);
		assertThat(second).isNotSameAs(first);
		assertThat(first.closed).isTrue();
		pool.release(second, ReleaseOutcome.KEEP);
		RouteStats s = route(pool);
		assertThat(s.requests()).isEqualTo(2);
		assertThat(s.reusedRequests()).isZero();
		assertThat(s.closedByReason()).containsEntry(CloseReason.SERVER_CLOSED_IDLE, 1L);
		assertThat(s.learnedIdleTimeout()).isEqualTo(Duration.ofSeconds(2));
		// reused, then a stale failure retried on a fresh connection: two more requests, one reused, one retry
		StubConnection again = pool.acquire(this.route, this::dial);
		assertThat(again).isSameAs(second);
		assertThat(again.reused()).isTrue();
		StubConnection fresh = pool.replace(again, CloseReason.IO_ERROR, RetryReason.RESET_BEFORE_RESPONSE, this::dial);
		pool.release(fresh, ReleaseOutcome.KEEP);
		s = route(pool);
		assertThat(s.requests()).isEqualTo(4);
		assertThat(s.reusedRequests()).isEqualTo(1);
		assertThat(s.retries()).isEqualTo(1);
		assertThat(s.opened()).isEqualTo(this.opened.size()).isEqualTo(3);
		pool.close();
	}

	@Test
	void keepAliveHintArrivesWithTheRelease() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder().idleTimeout(Duration.ofSeconds(30)));
		StubConnection c = pool.acquire(this.route, this::dial);
		pool.release(c, ReleaseOutcome.of(null, new KeepAliveHint(TimeUnit.SECONDS.toNanos(5), 10)));
		RouteStats s = route(pool);
		assertThat(s.serverKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(s.idle()).isEqualTo(1);
		// max=0: the server takes no more requests on it
		c = pool.acquire(this.route, this::dial);
		assertThat(pool.release(c, ReleaseOutcome.of(null, new KeepAliveHint(-1, 0)))).isFalse();
		assertThat(c.closed).isTrue();
		assertThat(route(pool).closedByReason()).containsEntry(CloseReason.KEEP_ALIVE_MAX, 1L);
		pool.close();
	}

	@Test
	void acquireTimeoutIsMeasuredOnTheTicker() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(5)));
		StubConnection held = pool.acquire(this.route, this::dial);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				pool.acquire(this.route, this::dial);
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		waiter.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (route(pool).waiting() == 0 || waiter.getState() != Thread.State.TIMED_WAITING) {
			assertThat(System.nanoTime()).as("waiter parked").isLessThan(deadline);
			Thread.onSpinWait();
		}
		// the ticker, not the wall clock, says the timeout passed; unpark so the waiter looks at it
		this.ticker.advance(6, TimeUnit.SECONDS);
		LockSupport.unpark(waiter);
		Throwable failure = outcome.get(10, TimeUnit.SECONDS);
		assertThat(failure).isInstanceOf(PoolExhaustedException.class)
			.hasMessageContaining("Timed out after 6000 ms waiting for a connection to " + this.route);
		pool.release(held, ReleaseOutcome.KEEP);
		PoolStats stats = pool.stats();
		assertThat(stats.total().waiting()).isZero();
		assertThat(stats.total().requests()).isEqualTo(1);
		pool.close();
		waiter.join(TimeUnit.SECONDS.toMillis(10));
	}

	@Test
	void interruptedWaiterLeavesNoTraceAndCountsNoRequest() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder()
			.maxConnectionsPerHost(1)
			.acquireTimeout(Duration.ofSeconds(20)));
		StubConnection held = pool.acquire(this.route, this::dial);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				pool.acquire(this.route, this::dial);
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		waiter.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (route(pool).waiting() == 0 || waiter.getState() != Thread.State.TIMED_WAITING) {
			assertThat(System.nanoTime()).as("waiter parked").isLessThan(deadline);
			Thread.onSpinWait();
		}
		waiter.interrupt();
		Throwable failure = outcome.get(10, TimeUnit.SECONDS);
		assertThat(failure).isInstanceOf(java.io.InterruptedIOException.class);
		pool.release(held, ReleaseOutcome.KEEP);
		RouteStats s = route(pool);
		assertThat(s.requests()).isEqualTo(1);
		assertThat(s.idle()).isEqualTo(1);
		assertThat(s.leased() + s.waiting() + s.connecting()).isZero();
		pool.close();
		waiter.join(TimeUnit.SECONDS.toMillis(10));
	}

	/** A dialer that tells it is dialling, then waits for the go before it opens the connection. */
	private ConnectionPool.Dialer<StubConnection> held(CountDownLatch dialling, CountDownLatch go) {
		return (r) -> {
			dialling.countDown();
			try {
				if (!go.await(10, TimeUnit.SECONDS)) {
					throw new AssertionError("never told to go on");
				}
			}
			catch (InterruptedException ex) {
				throw new InterruptedIOException("interrupted while held");
			}
			return dial(r);
		};
	}

	@Test
	void aConnectionDialledAcrossADrainClosesWhenReleasedAndIsNotReused() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder());
		// the dial was decided before the drain: it goes ahead, but what it opened is of the drained generation
		dialAcross(pool, null, (p) -> p.drain(this.route.hostPort(), Duration.ofSeconds(30)), CloseReason.DRAINED);
		// so the refusal holds: nothing idle to reuse, no new connection
		assertThatThrownBy(() -> pool.acquire(this.route, this::dial)).isInstanceOf(HostDrainedException.class);
		assertThat(this.opened).hasSize(1);
		pool.close();
	}

	@Test
	void aConnectionWarmedAcrossADrainIsClosedNotKept() throws Exception {
		warmAcross(null, (pool) -> pool.drain(this.route.hostPort(), Duration.ZERO), CloseReason.DRAINED);
	}

	/** {@link #held}, the connection it opens reaching {@code address}. */
	private ConnectionPool.Dialer<StubConnection> heldTo(InetAddress address, CountDownLatch dialling,
			CountDownLatch go) {
		ConnectionPool.Dialer<StubConnection> held = held(dialling, go);
		return (r) -> {
			StubConnection c = held.dial(r);
			c.address = address;
			return c;
		};
	}

	@Test
	void aConnectionDialledToAnAddressRetiredMeanwhileClosesWhenReleasedEvenAfterALaterRetirement() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder());
		InetAddress a = InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 });
		InetAddress b = InetAddress.getByAddress(new byte[] { 10, 0, 0, 2 });
		// two refreshes while it is dialled: the first retires its address, the second another one
		dialAcross(pool, a, (p) -> {
			assertThat(p.addresses().retireAddresses(this.route, Set.of(a))).isZero();
			assertThat(p.addresses().retireAddresses(this.route, Set.of(b))).isZero();
		}, CloseReason.ADDRESS_REMOVED);
		// a dial decided after those refreshes is not touched by them (the address may come back in DNS)
		StubConnection fresh = pool.acquire(this.route, (r) -> {
			StubConnection n = dial(r);
			n.address = a;
			return n;
		});
		assertThat(pool.release(fresh, ReleaseOutcome.KEEP)).as("kept").isTrue();
		assertThat(route(pool).idle()).isOne();
		pool.close();
	}

	/**
	 * Acquires through a dial (reaching {@code address}, unless {@code null}) held until {@code meanwhile} ran, and
	 * checks that the connection it opened is closed for {@code reason} when released, not kept.
	 */
	private void dialAcross(ConnectionPool<StubConnection> pool, InetAddress address, PoolAction meanwhile,
			CloseReason reason) throws Exception {
		CountDownLatch dialling = new CountDownLatch(1);
		CountDownLatch go = new CountDownLatch(1);
		ConnectionPool.Dialer<StubConnection> dialer = (address != null) ? heldTo(address, dialling, go)
				: held(dialling, go);
		CompletableFuture<StubConnection> got = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				got.complete(pool.acquire(this.route, dialer));
			}
			catch (Throwable ex) {
				got.completeExceptionally(ex);
			}
		});
		caller.start();
		assertThat(dialling.await(10, TimeUnit.SECONDS)).as("dialling").isTrue();
		meanwhile.run(pool);
		go.countDown();
		StubConnection c = got.get(10, TimeUnit.SECONDS);
		caller.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(pool.release(c, ReleaseOutcome.KEEP)).as("kept").isFalse();
		assertThat(c.closed).isTrue();
		RouteStats s = route(pool);
		assertThat(s.idle()).isZero();
		assertThat(s.closedByReason()).containsEntry(reason, 1L);
	}

	@Test
	void aConnectionWarmedToAnAddressRetiredMeanwhileIsClosedNotKept() throws Exception {
		InetAddress a = InetAddress.getByAddress(new byte[] { 10, 0, 0, 1 });
		warmAcross(a, (pool) -> assertThat(pool.addresses().retireAddresses(this.route, Set.of(a))).isZero(),
				CloseReason.ADDRESS_REMOVED);
	}

	/**
	 * Warms one connection (reaching {@code address}, unless {@code null}) whose dial is held until {@code meanwhile}
	 * ran, and checks that it was closed for {@code reason}, not kept.
	 */
	private void warmAcross(InetAddress address, PoolAction meanwhile, CloseReason reason) throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder());
		CountDownLatch dialling = new CountDownLatch(1);
		CountDownLatch go = new CountDownLatch(1);
		ConnectionPool.Dialer<StubConnection> dialer = (address != null) ? heldTo(address, dialling, go)
				: held(dialling, go);
		CompletableFuture<Boolean> warmed = new CompletableFuture<>();
		Thread warmer = new Thread(() -> {
			try {
				warmed.complete(pool.warm(this.route, dialer, 1));
			}
			catch (Throwable ex) {
				warmed.completeExceptionally(ex);
			}
		});
		warmer.start();
		assertThat(dialling.await(10, TimeUnit.SECONDS)).as("dialling").isTrue();
		meanwhile.run(pool);
		go.countDown();
		assertThat(warmed.get(10, TimeUnit.SECONDS)).as("kept").isFalse();
		assertThat(this.opened).singleElement().satisfies((c) -> assertThat(c.closed).isTrue());
		RouteStats s = route(pool);
		assertThat(s.idle()).isZero();
		assertThat(s.closedByReason()).containsEntry(reason, 1L);
		pool.close();
		warmer.join(TimeUnit.SECONDS.toMillis(10));
	}

	/** What a test does to the pool while a dial is held. */
	private interface PoolAction {

		void run(ConnectionPool<StubConnection> pool) throws Exception;

	}

	@Test
	void aWaitToldToLookAgainFromTheTotalsQueueKeepsTheAcquiresOneDeadline() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder()
			.maxConnectionsPerHost(2)
			.maxConnectionsTotal(3)
			.acquireTimeout(Duration.ofSeconds(5)));
		Route other = new Route("http", "b", 80);
		StubConnection held = pool.acquire(this.route, this::dial);
		StubConnection b1 = pool.acquire(other, this::dial);
		StubConnection b2 = pool.acquire(other, this::dial);
		// two callers for the route, below its limit of 2, wait for the total at 0 s
		List<CompletableFuture<StubConnection>> calls = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			CompletableFuture<StubConnection> call = new CompletableFuture<>();
			Thread t = new Thread(() -> {
				try {
					call.complete(pool.acquire(this.route, this::dial));
				}
				catch (Throwable ex) {
					call.completeExceptionally(ex);
				}
			});
			calls.add(call);
			threads.add(t);
			t.setDaemon(true);
			t.start();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (pool.stats().total().waiting() < 2) {
			assertThat(System.nanoTime()).as("both waiting for the total").isLessThan(deadline);
			Thread.onSpinWait();
		}
		// at 4 s the other route's two close: the first caller connects in one slot, which fills the route; the
		// second is told to look again and queues at the route's limit, with 1 s of its 5 s left
		this.ticker.advance(4, TimeUnit.SECONDS);
		pool.release(b1, ReleaseOutcome.close(CloseReason.IO_ERROR));
		pool.release(b2, ReleaseOutcome.close(CloseReason.IO_ERROR));
		while (calls.stream().noneMatch(CompletableFuture::isDone) || route(pool).waiting() != 1) {
			assertThat(System.nanoTime()).as("one connected, one queued again").isLessThan(deadline);
			Thread.onSpinWait();
		}
		CompletableFuture<StubConnection> connected = calls.get(0).isDone() ? calls.get(0) : calls.get(1);
		CompletableFuture<StubConnection> queuedAgain = (connected == calls.get(0)) ? calls.get(1) : calls.get(0);
		// at 6 s, past the acquire's 5 s: unparked, the wait queued again sees its deadline passed
		this.ticker.advance(2, TimeUnit.SECONDS);
		threads.forEach(LockSupport::unpark);
		assertThatThrownBy(() -> queuedAgain.get(5, TimeUnit.SECONDS)).as("timed out by 6 s, not at 9 s")
			.hasCauseInstanceOf(PoolExhaustedException.class)
			.hasMessageContaining("Timed out after 6000 ms");
		pool.release(connected.get(5, TimeUnit.SECONDS), ReleaseOutcome.KEEP);
		pool.release(held, ReleaseOutcome.KEEP);
		assertThat(pool.stats().total().waiting()).isZero();
		pool.close();
		for (Thread t : threads) {
			t.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	@Test
	void anErrorThrownWhileDiallingGivesTheSlotBack() throws Exception {
		ConnectionPool<StubConnection> pool = pool(TransportConfig.builder());
		ConnectionPool.Dialer<StubConnection> failing = (r) -> {
			throw new AssertionError("dial failed hard");
		};
		assertThatThrownBy(() -> pool.acquire(this.route, failing)).isInstanceOf(AssertionError.class)
			.hasMessage("dial failed hard");
		assertThatThrownBy(() -> pool.warm(this.route, failing, 1)).isInstanceOf(AssertionError.class)
			.hasMessage("dial failed hard");
		RouteStats s = route(pool);
		assertThat(s.connecting()).isZero();
		assertThat(s.connectFailures()).isEqualTo(2);
		assertThat(pool.stats().total().connecting()).isZero();
		StubConnection c = pool.acquire(this.route, this::dial);
		assertThat(pool.release(c, ReleaseOutcome.KEEP)).isTrue();
		pool.close();
	}
}
