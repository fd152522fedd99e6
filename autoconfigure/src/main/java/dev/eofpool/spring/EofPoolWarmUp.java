package dev.eofpool.spring;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.Ticker;
import dev.eofpool.transport.WarmUpResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Warms the transport at start-up: opens (and, for {@code https}, handshakes) each origin's connections while the
 * context starts its lifecycle beans, so before Spring Boot publishes {@code ReadinessState.ACCEPTING_TRAFFIC} (after
 * the application is ready) and before Kubernetes sends traffic. The transport keeps that many idle afterwards. What
 * could not be opened within the timeout is logged; with {@code failOnError} it fails start-up instead.
 */
public class EofPoolWarmUp implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(EofPoolWarmUp.class);

	private final HttpTransport transport;

	private final List<Target> targets;

	private final Duration timeout;

	private final boolean failOnError;

	private volatile boolean running;

	/**
	 * One origin to warm.
	 *
	 * @param origin {@code scheme://host:port}
	 * @param connections connections to open and keep idle
	 */
	public record Target(URI origin, int connections) {
	}

	/**
	 * @param transport the transport to warm
	 * @param targets the origins and their connection counts
	 * @param timeout longest time for all of them together, on the transport's ticker
	 * @param failOnError whether a connection that could not be opened fails start-up
	 */
	public EofPoolWarmUp(HttpTransport transport, List<Target> targets, Duration timeout, boolean failOnError) {
		this.transport = transport;
		this.targets = List.copyOf(targets);
		this.timeout = timeout;
		this.failOnError = failOnError;
	}

	/** The origins warmed at start-up. */
	public List<Target> getTargets() {
		return this.targets;
	}

	@Override
	public void start() {
		this.running = true;
		// the transport's ticker (the system clock unless a test injects another): the split of the budget between
		// origins follows it, while each origin's own warm-up waits in real time for what it is given
		Ticker ticker = this.transport.config().ticker();
		long startedAt = ticker.nanoTime();
		long budget = this.timeout.toNanos();
		List<String> failures = new ArrayList<>();
		for (Target target : this.targets) {
			long spent = ticker.nanoTime() - startedAt; // no overflow, however long the timeout
			Duration left = Duration.ofNanos(Math.max(1_000_000, budget - spent));
			WarmUpResult result = this.transport.warmUp(target.origin(), target.connections(), left);
			if (result.errors().isEmpty()) {
				logger.info("eofpool warmed " + result.route() + ": " + result.idle() + " idle connection(s) ("
						+ result.opened() + " opened, " + target.connections() + " asked for)");
				continue;
			}
			String failure = result.route() + ": " + result.opened() + " of " + target.connections()
					+ " connection(s) opened; " + messages(result.errors());
			failures.add(failure);
			logger.warn("eofpool warm-up incomplete for " + failure);
		}
		if (this.failOnError && !failures.isEmpty()) {
			throw new IllegalStateException("eofpool warm-up failed (eofpool.warm-up.fail-on-error=true): "
					+ String.join("; ", failures));
		}
	}

	private static String messages(List<IOException> errors) {
		List<String> messages = new ArrayList<>();
		for (IOException error : errors) {
			String message = String.valueOf(error.getMessage());
			if (!messages.contains(message)) {
				messages.add(message);
			}
		}
		return String.join("; ", messages);
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
