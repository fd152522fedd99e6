/**
 * Spring's {@code ClientHttpRequestFactory} on the eofpool transport, and its {@code ClientHttpRequestFactoryBuilder}
 * for Spring Boot.
 */
@NullMarked
package dev.eofpool.spring;

import org.jspecify.annotations.NullMarked;
