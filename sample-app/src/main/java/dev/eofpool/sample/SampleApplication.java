package dev.eofpool.sample;

import java.time.Duration;

import dev.eofpool.sample.demo.UpstreamClient;
import dev.eofpool.sample.tracing.RecentSpans;
import dev.eofpool.sample.upstream.ConnectionLedger;
import dev.eofpool.sample.upstream.IdleClosingUpstream;
import dev.eofpool.sample.upstream.TlsUpstream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The eofpool sample app: demo endpoints under {@code /demo}, the upstream they call under {@code /upstream} (plus an
 * idle-closing upstream and an https upstream, each on its own loopback port), a live view of the pool and of the
 * latest trace of a call at {@code /} (spans kept in memory by {@link RecentSpans}), and Actuator's health, metrics,
 * Prometheus and {@code eofpool} endpoints. It only adds the starter; every client it uses comes from Boot's own
 * builders.
 */
@SpringBootApplication
@ImportHttpServices(group = "upstream", types = UpstreamClient.class)
@ImportRuntimeHints(SampleRuntimeHints.class)
public class SampleApplication {

	@Bean
	IdleClosingUpstream idleClosingUpstream(ConnectionLedger ledger,
			@Value("${sample.idle-closing-upstream.idle-timeout:500ms}") Duration idleTimeout) {
		return new IdleClosingUpstream(ledger, idleTimeout);
	}

	/** The https upstream of the trace demo, with the {@code tls-upstream} SSL bundle's certificate. */
	@Bean
	TlsUpstream tlsUpstream(ConnectionLedger ledger, SslBundles sslBundles) {
		return new TlsUpstream(ledger, sslBundles.getBundle(TlsUpstream.SSL_BUNDLE).createSslContext());
	}

	/**
	 * The in-memory span exporter: Boot's OpenTelemetry tracing auto-configuration exports every span to each
	 * {@code SpanExporter} bean, and the trace view reads the last ones from it.
	 */
	@Bean
	RecentSpans recentSpans(@Value("${sample.tracing.recent-spans:4096}") int capacity) {
		return new RecentSpans(capacity);
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
