/**
 * The read-only {@code eofpool} actuator endpoint.
 */
@NullMarked
package dev.eofpool.spring.actuate;

import org.jspecify.annotations.NullMarked;
