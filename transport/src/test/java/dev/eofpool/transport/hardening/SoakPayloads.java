package dev.eofpool.transport.hardening;

import java.util.Random;

/** The bytes of request and response bodies, derived from the request id alone, so both sides know them. */
final class SoakPayloads {

	private SoakPayloads() {
	}

	/** The response body for a request: mostly small, some up to 16 KiB, a few up to 256 KiB. */
	static byte[] responseBody(long id) {
		Random r = new Random(id * 0x9E3779B97F4A7C15L);
		int p = r.nextInt(100);
		int size = (p < 70) ? r.nextInt(1024) : (p < 95) ? r.nextInt(16 * 1024) : r.nextInt(256 * 1024);
		byte[] body = new byte[size];
		r.nextBytes(body);
		return body;
	}

	/** The request body of a POST. */
	static byte[] requestBody(long id) {
		Random r = new Random(~id);
		byte[] body = new byte[(r.nextInt(10) == 0) ? r.nextInt(64 * 1024) : r.nextInt(2048)];
		r.nextBytes(body);
		return body;
	}
}
