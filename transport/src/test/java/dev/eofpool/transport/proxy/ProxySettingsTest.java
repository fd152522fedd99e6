package dev.eofpool.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eofpool.transport.Route;
import dev.eofpool.transport.TransportConfig;

/** Proxy settings are validated once with messages naming the setting; selection is explicit and testable. */
class ProxySettingsTest {

	@Test
	void directIsTheDefault() {
		assertThat(TransportConfig.defaults().proxy().isDirect()).isTrue();
		assertThat(TransportConfig.builder().proxySelector(null).build().proxy()).isEqualTo(ProxySettings.direct());
	}

	@Test
	void invalidValuesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProxySettings.of("proxy", 0))
			.withMessage("proxy.port must be between 1 and 65535 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> ProxySettings.of(" ", 8080))
			.withMessageStartingWith("proxy.host must be a host name or address");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProxySettings.of("proxy", 8080).withCredentials("a:b", "pw"))
			.withMessageStartingWith("proxy.username");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProxySettings.of("proxy", 8080).withCredentials("a", "p\r\nX-Evil: 1"))
			.withMessageStartingWith("proxy.password");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProxySettings.of("proxy", 8080).withNonProxyHosts("a*b"))
			.withMessageStartingWith("proxy.nonProxyHosts pattern 'a*b' is not allowed");
		assertThatIllegalArgumentException().isThrownBy(() -> TransportConfig.builder().proxy(null).build())
			.withMessageStartingWith("proxy must be set");
	}

	@Test
	void nonProxyHostsMatchLikeTheJdkProperty() throws IOException {
		ProxySettings p = ProxySettings.of("Proxy.Example", 3128).withNonProxyHosts("localhost|*.internal", "10.*");
		HttpProxy proxy = new HttpProxy("proxy.example", 3128, null);
		assertThat(p.select("http", "localhost", 80)).isNull();
		assertThat(p.select("https", "db.internal", 443)).isNull();
		assertThat(p.select("http", "10.1.2.3", 80)).isNull();
		assertThat(p.select("https", "internal", 443)).isEqualTo(proxy);
		assertThat(p.select("http", "example.com", 80)).isEqualTo(proxy);
	}

	@Test
	void credentialsArePartOfTheProxyIdentityButNeverShown() throws IOException {
		ProxySettings p = ProxySettings.of("proxy", 3128).withCredentials("alice", "s3cret");
		HttpProxy chosen = p.select("https", "example.com", 443);
		assertThat(chosen.authorization()).isEqualTo("Basic YWxpY2U6czNjcmV0");
		assertThat(chosen).isNotEqualTo(new HttpProxy("proxy", 3128, null));
		Route route = new Route("https", "example.com", 443).withProxy(chosen);
		assertThat(route.toString()).isEqualTo("https://example.com:443 via proxy http://proxy:3128");
		assertThat(p.toString()).doesNotContain("s3cret").doesNotContain("YWxpY2U");
	}

	@Test
	void aSelectorIsAskedPerTargetAndItsFirstHttpProxyWins() throws IOException {
		List<URI> asked = new ArrayList<>();
		ProxySelector selector = new ProxySelector() {
			@Override
			public List<Proxy> select(URI uri) {
				asked.add(uri);
				if (uri.getHost().equals("direct.example")) {
					return List.of(Proxy.NO_PROXY);
				}
				if (uri.getHost().equals("socks.example")) {
					return List.of(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("s", 1080)));
				}
				return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("Corp-Proxy", 8080)));
			}

			@Override
			public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
			}
		};
		ProxySettings p = ProxySettings.selector(selector).withCredentials("bob", "pw");
		assertThat(p.select("https", "api.example", 443)).isEqualTo(new HttpProxy("corp-proxy", 8080,
				"Basic Ym9iOnB3"));
		assertThat(p.select("http", "direct.example", 80)).isNull();
		assertThat(p.select("http", "::1", 8080)).isNotNull();
		assertThatIOException().isThrownBy(() -> p.select("http", "socks.example", 80))
			.withMessageContaining("eofpool supports HTTP proxies only");
		assertThat(asked).first().isEqualTo(URI.create("https://api.example:443"));
		assertThat(asked).contains(URI.create("http://[::1]:8080"));
	}
}
