/**
 * Auto-configuration of the eofpool meters.
 */
@NullMarked
package dev.eofpool.spring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
