/**
 * Spring's {@code ClientHttpRequestFactory} on the eofpool transport, and its {@code ClientHttpRequestFactoryBuilder}
 * for Spring Boot, which secures each factory's {@code https} requests with the SSL bundle of its settings
 * ({@code SslBundleTls}).
 */
@NullMarked
package dev.eofpool.spring;

import org.jspecify.annotations.NullMarked;
