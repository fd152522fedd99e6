/**
 * Auto-configuration of the eofpool observations (Micrometer Observation).
 */
@NullMarked
package dev.eofpool.spring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
