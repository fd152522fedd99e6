/**
 * Micrometer Observation of the eofpool transport: a call's wait, connect and TLS handshake as child observations.
 */
@NullMarked
package dev.eofpool.spring.observation;

import org.jspecify.annotations.NullMarked;
