package dev.eofpool.spring;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.eofpool.transport.HttpRequest;
import dev.eofpool.transport.HttpResponse;

import org.springframework.http.HttpHeaders;

/**
 * A factory's cookie store in the request path: the {@code Cookie} header of each hop is the caller's own (on the
 * original origin only) followed by the store's cookies for the hop's URI; each response's {@code Set-Cookie} goes
 * back into the store.
 */
final class Cookies {

	private Cookies() {
	}

	static void addTo(HttpRequest.Builder builder, CookieHandler store, URI uri, HttpHeaders headers,
			boolean sameOrigin) throws IOException {
		List<String> values = new ArrayList<>();
		if (sameOrigin) {
			List<String> own = headers.get(HttpHeaders.COOKIE);
			if (own != null) {
				values.addAll(own);
			}
		}
		for (Map.Entry<String, List<String>> e : store.get(uri, Map.of()).entrySet()) {
			if (e.getKey().equalsIgnoreCase("Cookie")) {
				values.addAll(e.getValue());
			}
		}
		if (!values.isEmpty()) {
			builder.header("Cookie", String.join("; ", values));
		}
	}

	static void store(CookieHandler store, URI uri, HttpResponse response) throws IOException {
		List<String> set = response.headers().all("Set-Cookie");
		if (!set.isEmpty()) {
			store.put(uri, Map.of("Set-Cookie", set));
		}
	}

}
