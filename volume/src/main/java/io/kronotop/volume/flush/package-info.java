/** Group commit: batched appends, one sync per batch on the flusher thread, durability callbacks. */
package io.kronotop.volume.flush;
