/**
 * Volume: the segment storage engine for bulk bytes. This layer stores entries in fixed-size, pre-allocated,
 * append-only segment files and hands back {@link io.kronotop.volume.EntryLocation}s; the metadata layer (entry
 * keys, changelog, replication, persisted accounting) will sit on top of it.
 *
 * <ul>
 *   <li>{@link io.kronotop.volume.SegmentStore}, {@link io.kronotop.volume.FileSegmentStore}: the façade.</li>
 *   <li>{@link io.kronotop.volume.VolumeConfig}: settings and their keys.</li>
 *   <li>{@code format}: on-disk layouts; {@code segment}: files, mappings, the writer; {@code flush}: group
 *       commit.</li>
 * </ul>
 * See {@code docs/volume.md}.
 */
package io.kronotop.volume;
