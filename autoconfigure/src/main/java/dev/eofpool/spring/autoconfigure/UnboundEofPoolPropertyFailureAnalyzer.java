package dev.eofpool.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@link UnboundEofPoolPropertyException}: which property binds to nothing, where it was written, and the
 * spelling to write instead. Ordered first, so Boot's analyzer for invalid values (whose text speaks of a value to
 * review) does not take it.
 */
class UnboundEofPoolPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundEofPoolPropertyException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnboundEofPoolPropertyException cause) {
		StringBuilder description = new StringBuilder("The property '").append(cause.getName()).append("'");
		if (cause.getOrigin() != null) {
			description.append(" (originating from '").append(cause.getOrigin()).append("')");
		}
		description.append(" with value '")
			.append(cause.getValue())
			.append("' binds to nothing, so eofpool would silently ignore it. ")
			.append(cause.getExplanation());
		String action = (cause.getCorrection() != null) ? "Write " + cause.getCorrection() + " instead."
				: "Correct the property's name, or remove it.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
