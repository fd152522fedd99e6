package dev.eofpool.spring.autoconfigure;

import java.net.ProxySelector;
import java.time.Duration;
import java.util.Map;

import dev.eofpool.spring.EofPoolClientHttpRequestFactory;
import dev.eofpool.spring.EofPoolClientHttpRequestFactoryBuilder;
import dev.eofpool.transport.ExhaustionPolicy;
import dev.eofpool.transport.HttpTransport;
import dev.eofpool.transport.HostSettings;
import dev.eofpool.transport.TransportConfig;
import dev.eofpool.transport.proxy.ProxySettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.JdkClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.SimpleClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link ApplicationContextRunner} case per condition of {@link EofPoolAutoConfiguration}.
 */
class EofPoolAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class));

	@Test
	void providesOneSharedTransportAndTheOnlyBuilder() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HttpTransport.class);
			assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
			ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
			assertThat(builder).isInstanceOf(EofPoolClientHttpRequestFactoryBuilder.class);
			assertThat(((EofPoolClientHttpRequestFactoryBuilder) builder).getTransport())
				.isSameAs(context.getBean(HttpTransport.class));
		});
	}

	@Test
	void restClientRestTemplateAndFactoryBeanUseTheSharedTransport() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.read-timeout=7s", "spring.http.clients.connect-timeout=2s",
					"spring.http.clients.redirects=dont-follow")
			.run((context) -> {
				HttpTransport transport = context.getBean(HttpTransport.class);
				RestClient.Builder restClientBuilder = context.getBean(RestClient.Builder.class);
				Object restClientFactory = ReflectionTestUtils.getField(restClientBuilder, "requestFactory");
				assertThat(restClientFactory).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
						(factory) -> assertThat(factory.getTransport()).isSameAs(transport));
				RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class)
					.readTimeout(Duration.ofSeconds(3))
					.build();
				assertThat(restTemplate.getRequestFactory())
					.isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class, (factory) -> {
						assertThat(factory.getTransport()).isSameAs(transport);
						assertThat(factory.getReadTimeout()).isEqualTo(Duration.ofSeconds(3));
					});
				assertThat(context.getBean(ClientHttpRequestFactory.class))
					.isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class, (factory) -> {
						assertThat(factory.getTransport()).isSameAs(transport);
						assertThat(factory.getReadTimeout()).isEqualTo(Duration.ofSeconds(7));
						assertThat(factory.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
						assertThat(factory.isFollowRedirects()).isFalse();
					});
			});
	}

	@Test
	void sslBundleGoesToTheFactoriesNotToTheSharedTransport() {
		this.contextRunner.withUserConfiguration(SslBundleConfiguration.class)
			.withPropertyValues("spring.http.clients.ssl.bundle=client")
			.run((context) -> {
				HttpTransport transport = context.getBean(HttpTransport.class);
				EofPoolClientHttpRequestFactory factory = (EofPoolClientHttpRequestFactory) context
					.getBean(ClientHttpRequestFactory.class);
				assertThat(factory.getTransport()).isSameAs(transport);
				assertThat(factory.getTls()).isNotNull();
				Object restClientFactory = ReflectionTestUtils.getField(context.getBean(RestClient.Builder.class),
						"requestFactory");
				assertThat(restClientFactory).isInstanceOfSatisfying(EofPoolClientHttpRequestFactory.class,
						(other) -> assertThat(other.getTls()).isSameAs(factory.getTls()));
				assertThat(transport.config().tls()).isNull();
			});
	}

	@Test
	void withoutSslBundleFactoriesUseTheTransportsTls() {
		this.contextRunner.withUserConfiguration(SslBundleConfiguration.class).run((context) -> {
			EofPoolClientHttpRequestFactory factory = (EofPoolClientHttpRequestFactory) context
				.getBean(ClientHttpRequestFactory.class);
			assertThat(factory.getTls()).isNull();
		});
	}

	@Test
	void userBuilderWins() {
		this.contextRunner.withUserConfiguration(UserBuilderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isSameAs(context.getBean(UserBuilderConfiguration.class).builder);
			assertThat(context).hasSingleBean(HttpTransport.class);
		});
	}

	@Test
	void userTransportWinsAndIsShared() {
		this.contextRunner.withUserConfiguration(UserTransportConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HttpTransport.class);
			HttpTransport transport = context.getBean(HttpTransport.class);
			assertThat(transport.config().hostDefaults().maxConnections()).isEqualTo(3);
			assertThat(context.getBean(EofPoolClientHttpRequestFactoryBuilder.class).getTransport())
				.isSameAs(transport);
		});
	}

	@Test
	void disabledBringsBackBootsBuilder() {
		this.contextRunner.withPropertyValues("eofpool.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HttpTransport.class);
			assertThat(context).hasSingleBean(ClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(JdkClientHttpRequestFactoryBuilder.class);
		});
	}

	@Test
	void backsOffWithoutTransport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HttpTransport.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(HttpTransport.class);
			assertThat(context).doesNotHaveBean(EofPoolClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(JdkClientHttpRequestFactoryBuilder.class);
		});
	}

	@Test
	void backsOffWithoutBootHttpClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ClientHttpRequestFactoryBuilder.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HttpTransport.class);
			});
	}

	@Test
	void transportIsClosedWithTheContext() {
		HttpTransport[] transport = new HttpTransport[1];
		this.contextRunner.run((context) -> transport[0] = context.getBean(HttpTransport.class));
		assertThat(transport[0].isClosed()).isTrue();
	}

	@Test
	void factoriesBuiltByBootAreClosedWithoutClosingTheSharedTransport() {
		this.contextRunner.run((context) -> {
			HttpTransport transport = context.getBean(HttpTransport.class);
			((EofPoolClientHttpRequestFactory) context.getBean(ClientHttpRequestFactory.class)).destroy();
			assertThat(transport.isClosed()).isFalse();
		});
	}

	@Test
	void customizerForOurBuilderIsApplied() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			EofPoolClientHttpRequestFactory factory = (EofPoolClientHttpRequestFactory) context
				.getBean(ClientHttpRequestFactoryBuilder.class)
				.build();
			assertThat(factory.getMaxRedirects()).isEqualTo(2);
		});
	}

	@Test
	void customizerForAnotherBuilderTypeIsSkipped() {
		this.contextRunner.withUserConfiguration(JdkCustomizerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(EofPoolClientHttpRequestFactoryBuilder.class);
		});
	}

	@Test
	void propertiesReachTheTransport() {
		this.contextRunner
			.withPropertyValues("eofpool.max-connections-per-host=12", "eofpool.max-idle-per-host=6",
					"eofpool.max-idle-total=40", "eofpool.acquire-timeout=2s", "eofpool.exhaustion-policy=fail-fast",
					"eofpool.idle-timeout=15s", "eofpool.max-lifetime=0", "eofpool.validate-after-idle=1s",
					"eofpool.keep-alive-margin=250ms", "eofpool.retry-stale=false",
					"eofpool.learn-server-idle-timeout=false", "eofpool.background-eviction=false",
					"eofpool.drain.max-bytes=1MB", "eofpool.drain.timeout=2s", "eofpool.leak-detection.enabled=false",
					"eofpool.compression.enabled=false", "eofpool.compression.max-decoded-size=50MB",
					"eofpool.leak-detection.call-sites=true", "eofpool.limits.max-status-line-length=1000",
					"eofpool.limits.max-header-line-length=2000", "eofpool.limits.max-header-block-size=32KB",
					"eofpool.limits.max-header-count=50", "eofpool.hosts.[*.internal].max-connections=32",
					"eofpool.hosts.[*.internal].read-timeout=3s")
			// a host:port key, set apart: withPropertyValues would split "key:port=value" at the colon
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("hostAndPort",
						Map.of("eofpool.hosts.[api.example.com:8443].exhaustion-policy", "wait"))))
			.run((context) -> {
				TransportConfig config = context.getBean(HttpTransport.class).config();
				assertThat(config.hostDefaults().maxConnections()).isEqualTo(12);
				assertThat(config.hostDefaults().maxIdle()).isEqualTo(6);
				assertThat(config.maxIdleTotal()).isEqualTo(40);
				assertThat(config.hostDefaults().acquireTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.hostDefaults().exhaustionPolicy()).isEqualTo(ExhaustionPolicy.FAIL_FAST);
				assertThat(config.hostDefaults().idleTimeout()).isEqualTo(Duration.ofSeconds(15));
				assertThat(config.hostDefaults().maxLifetime()).isZero();
				assertThat(config.validateAfterIdle()).isEqualTo(Duration.ofSeconds(1));
				assertThat(config.keepAliveMargin()).isEqualTo(Duration.ofMillis(250));
				assertThat(config.retryStale()).isFalse();
				assertThat(config.learnServerIdleTimeout()).isFalse();
				assertThat(config.backgroundEviction()).isFalse();
				assertThat(config.drainMaxBytes()).isEqualTo(1024 * 1024);
				assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(config.leakDetection()).isFalse();
				assertThat(config.compression()).isFalse();
				assertThat(config.maxDecodedSize()).isEqualTo(50L * 1024 * 1024);
				assertThat(config.leakCallSites()).isTrue();
				assertThat(config.maxStatusLineLength()).isEqualTo(1000);
				assertThat(config.maxHeaderLineLength()).isEqualTo(2000);
				assertThat(config.maxHeaderBlockSize()).isEqualTo(32 * 1024);
				assertThat(config.maxHeaderCount()).isEqualTo(50);
				HostSettings internal = config.settingsFor("db.internal", 80);
				assertThat(internal.maxConnections()).isEqualTo(32);
				assertThat(internal.readTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(internal.maxIdle()).isEqualTo(6);
				assertThat(config.settingsFor("api.example.com", 8443).exhaustionPolicy())
					.isEqualTo(ExhaustionPolicy.WAIT);
				assertThat(config.settingsFor("api.example.com", 443).exhaustionPolicy())
					.isEqualTo(ExhaustionPolicy.FAIL_FAST);
			});
	}

	@Test
	void defaultsAreTheTransportDefaults() {
		this.contextRunner.run((context) -> {
			TransportConfig config = context.getBean(HttpTransport.class).config();
			TransportConfig defaults = TransportConfig.defaults();
			// every value is the transport's default; only the names errors use are Boot's properties
			assertThat(config).usingRecursiveComparison().ignoringFields("values.settingNames").isEqualTo(defaults);
			assertThat(config.settingNames().transportWide("acquireTimeout")).isEqualTo("eofpool.acquire-timeout");
		});
	}

	@Test
	void zeroMaxConnectionsFailsNamingTheProperty() {
		assertInvalid("eofpool.max-connections-per-host=0", "eofpool.max-connections-per-host", "0");
	}

	@Test
	void negativeIdleTotalFailsNamingTheProperty() {
		assertInvalid("eofpool.max-idle-total=-1", "eofpool.max-idle-total", "-1");
	}

	@Test
	void zeroIdleTimeoutFailsNamingTheProperty() {
		assertInvalid("eofpool.idle-timeout=0s", "eofpool.idle-timeout", "PT0S");
	}

	@Test
	void negativeDrainTimeoutFailsNamingTheProperty() {
		assertInvalid("eofpool.drain.timeout=-1s", "eofpool.drain.timeout", "PT-1S");
	}

	@Test
	void negativeDecodedSizeCapFailsNamingTheProperty() {
		assertInvalid("eofpool.compression.max-decoded-size=-1B", "eofpool.compression.max-decoded-size", "-1B");
	}

	@Test
	void tinyHeaderBlockFailsNamingTheProperty() {
		assertInvalid("eofpool.limits.max-header-block-size=10B", "eofpool.limits.max-header-block-size", "10B");
	}

	@Test
	void hugeHeaderBlockFailsNamingTheProperty() {
		assertInvalid("eofpool.limits.max-header-block-size=4GB", "eofpool.limits.max-header-block-size",
				"4294967296B");
	}

	@Test
	void badHostOverrideFailsNamingTheProperty() {
		assertInvalid("eofpool.hosts.[*.internal].max-connections=0", "eofpool.hosts.[*.internal].max-connections",
				"0");
	}

	@Test
	void badHostPatternFailsNamingTheProperty() {
		assertInvalid("eofpool.hosts.[a*b].max-connections=5", "eofpool.hosts.[a*b]", "a*b");
	}

	@Test
	void hostKeyWithDotsWithoutBracketsFailsInsteadOfBeingIgnored() {
		assertInvalid("eofpool.hosts.api.example.com.max-connections=5",
				"eofpool.hosts.api.example.com.max-connections", "5");
	}

	@Test
	void misspeltHostSettingFailsInsteadOfBeingIgnored() {
		assertInvalid("eofpool.hosts.[*.internal].max-conections=5", "eofpool.hosts[*.internal].max-conections", "5");
	}

	@Test
	void noProxyPropertiesGoDirect() {
		this.contextRunner.run((context) -> assertThat(context.getBean(HttpTransport.class).config().proxy())
			.isEqualTo(ProxySettings.direct()));
	}

	@Test
	void proxyPropertiesReachTheTransport() {
		this.contextRunner
			.withPropertyValues("eofpool.proxy.host=Proxy.Example.com", "eofpool.proxy.port=3128",
					"eofpool.proxy.username=user", "eofpool.proxy.password=secret",
					"eofpool.proxy.non-proxy-hosts=localhost,*.internal|10.*")
			.run((context) -> {
				ProxySettings proxy = context.getBean(HttpTransport.class).config().proxy();
				assertThat(proxy).isEqualTo(ProxySettings.of("proxy.example.com", 3128)
					.withCredentials("user", "secret")
					.withNonProxyHosts("localhost", "*.internal", "10.*"));
				assertThat(proxy.select("http", "api.example.com", 80)).isEqualTo(proxy.fixedProxy());
				assertThat(proxy.select("https", "db.internal", 443)).isNull();
				assertThat(proxy.fixedProxy().authorization()).isEqualTo("Basic dXNlcjpzZWNyZXQ=");
			});
	}

	@Test
	void proxyFromSystemPropertiesUsesTheDefaultProxySelector() {
		this.contextRunner.withPropertyValues("eofpool.proxy.use-system-properties=true").run((context) -> {
			ProxySettings proxy = context.getBean(HttpTransport.class).config().proxy();
			assertThat(proxy.proxySelector()).isSameAs(ProxySelector.getDefault());
			assertThat(proxy.fixedProxy()).isNull();
		});
	}

	@Test
	void proxyFromSystemPropertiesWithCredentials() {
		this.contextRunner
			.withPropertyValues("eofpool.proxy.use-system-properties=true", "eofpool.proxy.username=user",
					"eofpool.proxy.password=secret")
			.run((context) -> assertThat(context.getBean(HttpTransport.class).config().proxy())
				.isEqualTo(ProxySettings.system().withCredentials("user", "secret")));
	}

	@Test
	void badProxyPortFailsNamingTheProperty() {
		assertInvalid(new String[] { "eofpool.proxy.host=proxy.example.com", "eofpool.proxy.port=70000" },
				"eofpool.proxy.port", "70000");
	}

	@Test
	void proxyHostWithoutPortFailsNamingThePort() {
		assertInvalid(new String[] { "eofpool.proxy.host=proxy.example.com" }, "eofpool.proxy.port", "null");
	}

	@Test
	void proxyPortWithoutHostFailsNamingTheHost() {
		assertInvalid(new String[] { "eofpool.proxy.port=3128" }, "eofpool.proxy.host", "null");
	}

	@Test
	void badProxyHostFailsNamingTheProperty() {
		assertInvalid(new String[] { "eofpool.proxy.host=user@proxy", "eofpool.proxy.port=3128" },
				"eofpool.proxy.host", "user@proxy");
	}

	@Test
	void badProxyUsernameFailsNamingTheProperty() {
		assertInvalid(new String[] { "eofpool.proxy.host=proxy.example.com", "eofpool.proxy.port=3128",
				"eofpool.proxy.username=a:b", "eofpool.proxy.password=secret" }, "eofpool.proxy.username", "a:b");
	}

	@Test
	void proxyPasswordWithoutUsernameFailsWithoutShowingThePassword() {
		this.contextRunner
			.withPropertyValues("eofpool.proxy.host=proxy.example.com", "eofpool.proxy.port=3128",
					"eofpool.proxy.password=secret")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).isEqualTo("eofpool.proxy.username"));
				assertThat(messages(context)).doesNotContain("secret");
			});
	}

	@Test
	void proxyUsernameWithoutPasswordFailsNamingThePassword() {
		assertInvalid(new String[] { "eofpool.proxy.host=proxy.example.com", "eofpool.proxy.port=3128",
				"eofpool.proxy.username=user" }, "eofpool.proxy.password", "null");
	}

	@Test
	void badNonProxyHostFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("eofpool.proxy.host=proxy.example.com", "eofpool.proxy.port=3128",
					"eofpool.proxy.non-proxy-hosts=a*b")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
						assertThat(ex.getName()).isEqualTo("eofpool.proxy.non-proxy-hosts");
						assertThat(ex.getMessage()).contains("a*b");
					});
			});
	}

	@Test
	void proxyHostTogetherWithSystemPropertiesFailsNamingTheProperty() {
		assertInvalid(new String[] { "eofpool.proxy.use-system-properties=true", "eofpool.proxy.host=proxy",
				"eofpool.proxy.port=3128" }, "eofpool.proxy.use-system-properties", "true");
	}

	@Test
	void backsOffWithoutSpringWeb() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ClientHttpRequestFactory.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HttpTransport.class);
			});
	}

	@Test
	void unknownExhaustionPolicyFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("eofpool.exhaustion-policy=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context)).contains("eofpool.exhaustion-policy").contains("sometimes");
		});
	}

	private void assertInvalid(String property, String name, String value) {
		assertInvalid(new String[] { property }, name, value);
	}

	private void assertInvalid(String[] properties, String name, String value) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().isInstanceOfSatisfying(
					InvalidConfigurationPropertyValueException.class, (ex) -> {
						assertThat(ex.getName()).isEqualTo(name);
						assertThat(String.valueOf(ex.getValue())).isEqualTo(value);
						assertThat(ex.getMessage()).contains(name).contains(value);
					});
		});
	}

	private static String messages(AssertableApplicationContext context) {
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilderConfiguration {

		final SimpleClientHttpRequestFactoryBuilder builder = ClientHttpRequestFactoryBuilder.simple();

		@Bean
		ClientHttpRequestFactoryBuilder<?> userBuilder() {
			return this.builder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SslBundleConfiguration {

		@Bean
		DefaultSslBundleRegistry sslBundleRegistry() {
			return new DefaultSslBundleRegistry("client", SslBundle.of(null));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransportConfiguration {

		@Bean(destroyMethod = "close")
		HttpTransport userTransport() {
			return new HttpTransport(TransportConfig.builder().maxConnectionsPerHost(3).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<EofPoolClientHttpRequestFactoryBuilder> maxRedirects() {
			return (builder) -> builder.withCustomizer((factory) -> factory.setMaxRedirects(2));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JdkCustomizerConfiguration {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<JdkClientHttpRequestFactoryBuilder> jdkOnly() {
			return (builder) -> builder.withHttpClientCustomizer((client) -> {
				throw new IllegalStateException("must not be applied to eofpool's builder");
			});
		}

	}

}
