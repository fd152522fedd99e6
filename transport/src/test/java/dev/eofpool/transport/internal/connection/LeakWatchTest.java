package dev.eofpool.transport.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.eofpool.testfixtures.LogCapture;
import dev.eofpool.testfixtures.Waits;

/**
 * The leak watch on its own: an unreachable watched object runs the action once on the shared thread; a cancelled
 * watch is never queued and holds nothing; a failing action does not stop the thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeakWatchTest {

	@Test
	void aCancelledWatchIsNeverQueuedAndHoldsNothing() throws Exception {
		AtomicInteger cancelledRan = new AtomicInteger();
		Object held = new Object();
		WeakReference<Object> action = new WeakReference<>(held);
		Object body = new Object();
		WeakReference<Object> bodyGone = new WeakReference<>(body);
		LeakWatch cancelled = LeakWatch.watch(body, new CountingAction(cancelledRan, held), null);
		cancelled.cancel();
		assertThat(cancelled.refersTo(null)).as("cleared: the collector queues only references still set").isTrue();
		body = null;
		held = null;
		// the collector found the body: had the watch been live, it would have been queued in that collection
		Waits.until(() -> {
			System.gc();
			return bodyGone.get() == null && action.get() == null;
		}, "the body and the cancelled watch's action to be collected");
		// a watch on something dropped after the body runs: whatever the collector queued has been handled by then
		AtomicInteger controlRan = new AtomicInteger();
		watchAndDrop(controlRan);
		Waits.until(() -> {
			System.gc();
			return controlRan.get() == 1;
		}, "the control watch to run");
		assertThat(cancelledRan).as("actions run for the cancelled watch").hasValue(0);
		assertThat(cancelled.listed()).as("still listed after a prune").isFalse();
	}

	@Test
	void aWatchHeldByNothingElseRunsItsActionOnceOnTheSharedThread() throws Exception {
		AtomicInteger ran = new AtomicInteger();
		Thread[] where = new Thread[1];
		watchAndDrop((site) -> {
			where[0] = Thread.currentThread();
			ran.incrementAndGet();
		});
		Waits.until(() -> {
			System.gc();
			return ran.get() == 1;
		}, "the watch's action to run");
		assertThat(where[0].getName()).isEqualTo("eofpool-leak-watch");
		assertThat(where[0].isDaemon()).isTrue();
		assertThat(Thread.getAllStackTraces().keySet()).filteredOn((t) -> t.getName().equals("eofpool-leak-watch"))
			.singleElement();
		System.gc();
		assertThat(ran).as("runs once").hasValue(1);
	}

	@Test
	void aFailingActionDoesNotStopTheThread() throws Exception {
		try (LogCapture log = LogCapture.of(LeakWatch.class.getName())) {
			AtomicInteger failed = new AtomicInteger();
			watchAndDrop((site) -> {
				failed.incrementAndGet();
				throw new IllegalStateException("action failed on purpose");
			});
			Waits.until(() -> {
				System.gc();
				return failed.get() == 1 && !log.containing("handling a leaked response body failed").isEmpty();
			}, "the failing action to run and be logged");
			AtomicInteger after = new AtomicInteger();
			watchAndDrop(after);
			Waits.until(() -> {
				System.gc();
				return after.get() == 1;
			}, "the next watch's action to run on the same thread");
		}
	}

	/** Watches a new object reachable from nothing but the watch's own machinery, with the call site handed on. */
	private static void watchAndDrop(LeakWatch.Action action) {
		LeakWatch.watch(new Object(), action, null);
	}

	private static void watchAndDrop(AtomicInteger ran) {
		watchAndDrop(new CountingAction(ran, null));
	}

	/** Counts its runs; refers to {@code held} so a test can see when the action itself is let go. */
	private static final class CountingAction implements LeakWatch.Action {

		private final AtomicInteger ran;

		/** Only kept reachable: a test watches it being collected. */
		private final Object held;

		CountingAction(AtomicInteger ran, Object held) {
			this.ran = ran;
			this.held = held;
		}

		@Override
		public void leaked(Throwable callSite) {
			this.ran.incrementAndGet();
		}
	}
}
