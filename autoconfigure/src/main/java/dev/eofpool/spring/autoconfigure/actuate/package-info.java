/**
 * Auto-configuration of the {@code eofpool} actuator endpoint.
 */
@NullMarked
package dev.eofpool.spring.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
