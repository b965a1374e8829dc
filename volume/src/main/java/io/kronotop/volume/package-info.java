/** Kronotop volume module. */
package io.kronotop.volume;
