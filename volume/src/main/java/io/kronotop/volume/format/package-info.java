/**
 * The on-disk format of Volume segments: the file header ({@link io.kronotop.volume.format.SegmentFileDescriptor}),
 * the entry header ({@link io.kronotop.volume.format.EntryDescriptor}), CRC32C, the version range check and the
 * scanner that finds the end of valid data. Offline tools reuse this package; nothing here does I/O.
 */
package io.kronotop.volume.format;
