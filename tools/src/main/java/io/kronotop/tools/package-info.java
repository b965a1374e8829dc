/** Kronotop tools module. */
package io.kronotop.tools;
