package dev.eofpool.sample.demo;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.util.UriBuilderFactory;

/**
 * An HTTP service client of the upstream endpoints, in the {@code upstream} group of {@code @ImportHttpServices}: Boot
 * builds its {@code RestClient} with the group's {@code spring.http.serviceclient.upstream.*} settings on the eofpool
 * request factory. The base URL is passed per call because the upstream is this app, whose port is known only once it
 * runs.
 */
@HttpExchange(url = "/upstream", accept = "text/plain")
public interface UpstreamClient {

	@GetExchange("/hello")
	String hello(UriBuilderFactory baseUrl, @RequestParam String run);

	@GetExchange("/slow")
	String slow(UriBuilderFactory baseUrl, @RequestParam String run, @RequestParam int hold);

}
