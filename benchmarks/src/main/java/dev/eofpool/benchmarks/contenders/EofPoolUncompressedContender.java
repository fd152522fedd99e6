package dev.eofpool.benchmarks.contenders;

/**
 * eofpool through {@code RestClient} with compression off ({@code TransportConfig.Builder.compression(false)}): no
 * {@code Accept-Encoding} sent, no {@code Content-Encoding} looked at. Set beside {@link EofPoolContender} (the
 * default, compression on) it shows what the negotiation costs a response that arrives uncompressed. Not in the
 * default set: named with {@code --contenders eofpooluncompressed}.
 */
final class EofPoolUncompressedContender extends EofPoolContender {

	@Override
	public String name() {
		return "eofpool uncompressed";
	}

	@Override
	boolean compression() {
		return false;
	}
}
