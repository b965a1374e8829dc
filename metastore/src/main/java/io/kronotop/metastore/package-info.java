/** Kronotop metastore module. */
package io.kronotop.metastore;
