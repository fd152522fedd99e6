package dev.eofpool.transport.internal.connection;

import java.net.SocketTimeoutException;

import dev.eofpool.transport.Ticker;

/**
 * The bounds of one connection's blocking calls as the phases of an exchange set them ({@link PhaseDeadlines}): a
 * limit for each read and write, and one deadline for all the following reads. {@link #callDeadline} turns them into
 * the time the call about to start must end by, on the {@link IoWatchdog}'s clock, which the connection publishes to
 * the watchdog. Leasing thread only.
 */
final class CallBounds {

	private final Ticker ticker;

	/** Whether {@link #ticker} is the {@link IoWatchdog}'s clock, so deadlines need no translation. */
	private final boolean watchdogClock;

	/** How long each blocking read and write may take, in milliseconds (0: unbounded). */
	private int callLimitMillis;

	/** Whether {@link #readDeadline} bounds the following reads. */
	private boolean readDeadlineSet;

	/** The {@link #ticker} time by which every blocking read must have returned, when {@link #readDeadlineSet}. */
	private long readDeadline;

	/** Bounds computed on the transport's clock. */
	CallBounds(Ticker ticker) {
		this.ticker = ticker;
		this.watchdogClock = (ticker == IoWatchdog.INSTANCE.ticker());
	}

	/** The clock the deadlines are computed on. */
	Ticker ticker() {
		return this.ticker;
	}

	/** Bounds each following blocking read and write to {@code millis} milliseconds (0: unbounded). */
	void limitEachCall(int millis) {
		this.callLimitMillis = millis;
	}

	/** The bound of each blocking read and write in milliseconds (0: unbounded). */
	int callLimitMillis() {
		return this.callLimitMillis;
	}

	/**
	 * Bounds the following blocking reads by one deadline on {@link #ticker()}, however steadily bytes arrive: each
	 * read waits at most until it; one that would start after it fails at once with a {@link SocketTimeoutException}.
	 */
	void readsEndBy(long deadlineNanos) {
		this.readDeadline = deadlineNanos;
		this.readDeadlineSet = true;
	}

	/** Lifts the deadline of {@link #readsEndBy}. */
	void noReadDeadline() {
		this.readDeadlineSet = false;
	}

	/** Whether a deadline of {@link #readsEndBy} is set and has passed. */
	boolean readDeadlinePassed() {
		return this.readDeadlineSet && this.readDeadline - this.ticker.nanoTime() <= 0;
	}

	/**
	 * When the blocking call about to start must end, on the {@link IoWatchdog}'s clock: the call limit from now, or
	 * the read deadline when sooner (reads only); 0 for no bound. A deadline on another ticker is carried over as the
	 * time left of it.
	 * @throws SocketTimeoutException when the read deadline has passed already
	 */
	long callDeadline(boolean read) throws SocketTimeoutException {
		boolean deadline = read && this.readDeadlineSet;
		if (this.callLimitMillis <= 0 && !deadline) {
			return 0;
		}
		long now = this.ticker.nanoTime();
		long left;
		if (deadline) {
			left = this.readDeadline - now;
			if (left <= 0) {
				throw new SocketTimeoutException("Read deadline passed");
			}
			if (this.callLimitMillis > 0) {
				left = Math.min(left, this.callLimitMillis * 1_000_000L);
			}
		}
		else {
			left = this.callLimitMillis * 1_000_000L;
		}
		long until = (this.watchdogClock ? now : IoWatchdog.INSTANCE.ticker().nanoTime()) + left;
		return (until != 0) ? until : 1; // 0 means "no call in progress"
	}

}
