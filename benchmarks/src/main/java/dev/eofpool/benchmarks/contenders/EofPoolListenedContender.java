package dev.eofpool.benchmarks.contenders;

import dev.eofpool.transport.CallListener;
import dev.eofpool.transport.HttpTransport;

/**
 * The raw transport with a {@link CallListener} that does nothing registered: set beside {@link EofPoolRawContender}
 * (no listener, every event skipped) it shows what delivering every phase event costs a call. Not in the default set:
 * named with {@code --contenders raweofpoollistened}.
 */
final class EofPoolListenedContender extends EofPoolRawContender {

	@Override
	public String name() {
		return "raw eofpool listened";
	}

	@Override
	void configure(HttpTransport transport) {
		transport.addCallListener(new CallListener() {
		});
	}
}
