/**
 * Auto-configuration of the eofpool health indicator.
 */
@NullMarked
package dev.eofpool.spring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
