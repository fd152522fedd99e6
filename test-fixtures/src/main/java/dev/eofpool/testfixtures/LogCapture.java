package dev.eofpool.testfixtures;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one {@code java.util.logging} logger publishes while it is open (the JDK's {@code System.Logger} writes
 * there by default), for tests that check a warning's text; closing it detaches it.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			LogCapture.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	private LogCapture(String loggerName) {
		this.logger = Logger.getLogger(loggerName);
		this.logger.addHandler(this.handler);
	}

	/** Starts capturing what the logger of this name publishes. */
	public static LogCapture of(String loggerName) {
		return new LogCapture(loggerName);
	}

	/** The records whose message contains {@code text}, in the order they were published. */
	public List<LogRecord> containing(String text) {
		return this.records.stream().filter((r) -> String.valueOf(r.getMessage()).contains(text)).toList();
	}

	@Override
	public void close() {
		this.logger.removeHandler(this.handler);
	}
}
