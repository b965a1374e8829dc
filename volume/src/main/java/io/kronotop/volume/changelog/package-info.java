/** The volume changelog: sequence numbers of the records the metadata layer writes with every mutation. */
package io.kronotop.volume.changelog;
