/** Tools agents may call: the {@link dev.toka.tools.Tool} SPI, manifests, the registry and the one invocation path. */
package dev.toka.tools;
