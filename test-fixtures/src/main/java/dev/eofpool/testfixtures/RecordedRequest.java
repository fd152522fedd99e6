package dev.eofpool.testfixtures;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A request as the test server received it, byte for byte in the head. */
public record RecordedRequest(String method, String target, String version, Map<String, List<String>> headers,
		byte[] body, String rawHead, int connectionIndex) {

	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase());
		return (values == null) ? null : values.get(0);
	}

	public String bodyText() {
		return new String(this.body, StandardCharsets.ISO_8859_1);
	}
}
