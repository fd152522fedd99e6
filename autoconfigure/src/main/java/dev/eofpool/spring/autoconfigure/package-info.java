/**
 * Auto-configuration of the eofpool transport and of the HTTP clients that Spring Boot builds on it.
 */
@NullMarked
package dev.eofpool.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
