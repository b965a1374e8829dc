/** Kronotop perf-tests module. */
package io.kronotop.perf;
