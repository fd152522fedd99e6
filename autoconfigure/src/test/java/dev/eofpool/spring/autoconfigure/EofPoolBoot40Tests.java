package dev.eofpool.spring.autoconfigure;

import dev.eofpool.transport.AddressFilter;
import dev.eofpool.transport.HttpTransport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * On Boot 4.0 the 4.1 features are absent and nothing of their support breaks start-up. Runs in the default pass
 * only; the boot-4.1 pass excludes {@code *Boot40Tests} and runs {@link EofPoolBoot41Tests}.
 */
class EofPoolBoot40Tests {

	@Test
	void boot41TypesAreAbsent() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(loader.getResource("org/springframework/boot/http/client/InetAddressFilter.class")).isNull();
		assertThat(loader.getResource("org/springframework/boot/http/client/HttpCookieHandling.class")).isNull();
		assertThat(HttpClientSettings.class.getMethods()).noneMatch((m) -> m.getName().equals("inetAddressFilter"));
	}

	@Test
	void theTransportStartsWithoutAFilter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EofPoolAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(HttpTransport.class).config().addressFilter())
					.isSameAs(AddressFilter.ALLOW_ALL);
				assertThatNoException().isThrownBy(() -> Addresses.bootFilter(context));
				assertThat(Addresses.bootFilter(context)).isNull();
			});
	}

}
