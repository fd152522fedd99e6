package dev.eofpool.transport.internal.connection;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Watches one response body for a leak: when the body becomes unreachable before {@link #cancel()} was called, one
 * daemon thread shared by the whole JVM runs the watch's action. Watching costs one allocation and a compare-and-set
 * on one of several list heads (no lock); cancelling clears the reference, after which the collector never queues it.
 * <p>
 * A watch is strongly reachable from a static list until it is cancelled or queued, whatever else refers to it: the
 * body may be the only way to its exchange and connection (the caller closed and dropped the transport), and a watch
 * that became unreachable with its body would never be queued. The lists are Treiber stacks with lazy removal: a push
 * touches only a head, popping done watches there first; one pruner at a time per list (an occasional pusher) unlinks
 * the done watches behind the head. Only a done watch is ever unlinked, and only by moving a head or, under the
 * pruner's flag, a link; a racing pop may put an unlinked done watch back at the head, where the next push pops it
 * again. A done watch holds nothing, and the thread holds only the queue and the watch it runs, so neither keeps a
 * closed transport alive.
 */
public final class LeakWatch extends PhantomReference<Object> {

	/** What runs when a watched body became unreachable before it ended. */
	@FunctionalInterface
	interface Action {

		/**
		 * Handles the leak, on the watch's thread.
		 * @param callSite where the request was made, or {@code null} when call sites are not recorded
		 */
		void leaked(Throwable callSite);
	}

	private static final System.Logger LOG = System.getLogger(LeakWatch.class.getName());

	/** Number of lists, a power of two: pushes from different threads rarely meet on one head (a thread keeps to one). */
	private static final int LISTS = Integer.highestOneBit(Math.max(4, Runtime.getRuntime().availableProcessors()) * 4);

	/**
	 * A list is walked after about this many pushes (chosen at random, so no counter is shared). Pushes pop done heads,
	 * so only watches done beneath a still open one wait for a walk.
	 */
	private static final int PRUNE_EVERY = 1024;

	/** Slots between two heads, so heads that different cores push on share no cache line (16 × 4 or 8 bytes). */
	private static final int SPREAD = 16;

	private static final AtomicReferenceArray<LeakWatch> HEADS = new AtomicReferenceArray<>(LISTS * SPREAD);

	/** Per list (at the head's index): 1 while a pruner walks it. */
	private static final AtomicIntegerArray PRUNING = new AtomicIntegerArray(LISTS * SPREAD);

	/** Set once, null after the action ran or the watch was cancelled (a racy read sees either; both are safe). */
	private Action action;

	private Throwable callSite;

	/** The next older watch of its list: written by the pusher before publishing, afterwards only by the pruner. */
	private LeakWatch next;

	private LeakWatch(Object body, Action action, Throwable callSite, ReferenceQueue<Object> queue) {
		super(body, queue);
		this.action = action;
		this.callSite = callSite;
	}

	/**
	 * Watches {@code body} until {@link #cancel()}; {@code action} runs once if the body becomes unreachable first. The
	 * action must not refer to the body, or the body never becomes unreachable.
	 * @param callSite where the request was made, handed to the action; {@code null} for none
	 */
	static LeakWatch watch(Object body, Action action, Throwable callSite) {
		LeakWatch w = new LeakWatch(body, action, callSite, Drainer.QUEUE);
		// a thread keeps to one list: its head's cache line stays with the thread's core, and the head is most often
		// the thread's own last watch, done and popped here
		// (the id, a plain field: a thread's identity hash is a call into the VM once its monitor was inflated)
		int h = (int) Thread.currentThread().getId() * 0x9E3779B9;
		int list = ((h ^ (h >>> 16)) & (LISTS - 1)) * SPREAD;
		LeakWatch head = HEADS.get(list);
		while (true) {
			if (head != null && head.refersTo(null)) {
				// the head is done (mostly the last exchange's, ended before this one began): pop it on the way
				HEADS.compareAndSet(list, head, head.next);
			}
			else {
				w.next = head;
				if (HEADS.compareAndSet(list, head, w)) {
					break;
				}
			}
			head = HEADS.get(list);
		}
		if (ThreadLocalRandom.current().nextInt(PRUNE_EVERY) == 0) {
			prune(list);
		}
		return w;
	}

	/** Starts the shared thread if it is not running yet (the first watch starts it too). */
	public static void start() {
		java.util.Objects.requireNonNull(Drainer.THREAD); // initialising the holder started it
	}

	/**
	 * Stops watching: the body ended. Clears the reference, so the collector never queues it, and drops the action, so
	 * a watch still listed until the next prune holds nothing of the exchange. Idempotent.
	 */
	void cancel() {
		clear();
		this.action = null;
		this.callSite = null;
	}

	/** Runs the action unless the watch was cancelled; an exception is logged and the thread carries on. */
	private void fire() {
		Action a = this.action;
		Throwable site = this.callSite;
		this.action = null;
		this.callSite = null;
		if (a == null) {
			return;
		}
		try {
			a.leaked(site);
		}
		catch (RuntimeException | Error ex) {
			try {
				LOG.log(System.Logger.Level.ERROR, "eofpool leak detector: handling a leaked response body failed", ex);
			}
			catch (RuntimeException | Error ignored) {
				// the thread must survive even a failing logger: the next leak still closes its connection
			}
		}
	}

	/**
	 * Unlinks the cancelled and queued watches of the list at index {@code list}, if no other pruner is at it. Pushers
	 * change only the head and their own watch's link, so the pruner alone writes the links behind the head; a done
	 * head is popped by a compare-and-set, which fails harmlessly when a pusher got there first (a watch is pushed only
	 * once, so the head cannot come back).
	 */
	private static void prune(int list) {
		if (!PRUNING.compareAndSet(list, 0, 1)) {
			return;
		}
		try {
			LeakWatch prev = HEADS.get(list);
			while (prev != null && prev.refersTo(null) && HEADS.compareAndSet(list, prev, prev.next)) {
				prev = prev.next;
			}
			if (prev == null) {
				return;
			}
			LeakWatch cur = prev.next;
			while (cur != null) {
				LeakWatch after = cur.next;
				// cancelled watches were cleared; queued ones were cleared by the collector and the queue holds them
				if (cur.refersTo(null)) {
					prev.next = after;
				}
				else {
					prev = cur;
				}
				cur = after;
			}
		}
		finally {
			PRUNING.set(list, 0);
		}
	}

	/**
	 * For tests: prunes every list, then tells whether this watch is still listed. Call it while no other thread
	 * prunes (a list being pruned by another thread is skipped).
	 */
	boolean listed() {
		for (int list = 0; list < LISTS * SPREAD; list += SPREAD) {
			prune(list);
			for (LeakWatch w = HEADS.get(list); w != null; w = w.next) {
				if (w == this) {
					return true;
				}
			}
		}
		return false;
	}

	/** The queue and its one thread, created with the first watch or {@link #start()}: one per JVM, not per transport. */
	private static final class Drainer {

		static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();

		static final Thread THREAD = startThread();

		private static Thread startThread() {
			Thread thread = new Thread(Drainer::drain, "eofpool-leak-watch");
			thread.setDaemon(true);
			thread.setContextClassLoader(null); // pins no application's class loader
			thread.start();
			return thread;
		}

		private static void drain() {
			while (true) {
				try {
					((LeakWatch) QUEUE.remove()).fire();
				}
				catch (InterruptedException ex) {
					// nobody owns this thread but this class: an interrupt is not a request to stop
				}
			}
		}
	}
}
