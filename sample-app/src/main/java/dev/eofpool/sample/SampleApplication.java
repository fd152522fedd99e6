package dev.eofpool.sample;

import java.time.Duration;

import dev.eofpool.sample.demo.UpstreamClient;
import dev.eofpool.sample.upstream.ConnectionLedger;
import dev.eofpool.sample.upstream.IdleClosingUpstream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * The eofpool sample app: demo endpoints under {@code /demo}, the upstream they call under {@code /upstream} (plus a
 * second, idle-closing upstream on its own loopback port), a live view of the pool at {@code /}, and Actuator's
 * health, metrics, Prometheus and {@code eofpool} endpoints. It only adds the starter; every client it uses comes from
 * Boot's own builders.
 */
@SpringBootApplication
@ImportHttpServices(group = "upstream", types = UpstreamClient.class)
public class SampleApplication {

	@Bean
	IdleClosingUpstream idleClosingUpstream(ConnectionLedger ledger,
			@Value("${sample.idle-closing-upstream.idle-timeout:500ms}") Duration idleTimeout) {
		return new IdleClosingUpstream(ledger, idleTimeout);
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
