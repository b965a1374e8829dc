/**
 * Space reclamation: {@link io.kronotop.volume.vacuum.Vacuum} moves the live entries of segments whose garbage
 * percentage is over a threshold into the writable segment, then retires the emptied segments; its progress is kept
 * in the metastore ({@link io.kronotop.volume.vacuum.VacuumMetadata}) so a restart resumes it.
 */
package io.kronotop.volume.vacuum;
