/**
 * Ahead-of-time and native-image support: the runtime hints eofpool needs beyond those Boot derives itself.
 */
@NullMarked
package dev.eofpool.spring.aot;

import org.jspecify.annotations.NullMarked;
