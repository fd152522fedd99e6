/**
 * Actuator health of the eofpool transport, from pool snapshots (no network I/O).
 */
@NullMarked
package dev.eofpool.spring.health;

import org.jspecify.annotations.NullMarked;
