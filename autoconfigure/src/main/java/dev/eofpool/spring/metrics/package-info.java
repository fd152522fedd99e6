/**
 * Micrometer meters of the eofpool transport: a {@code MeterBinder} over cached pool snapshots and pool events.
 */
@NullMarked
package dev.eofpool.spring.metrics;

import org.jspecify.annotations.NullMarked;
