/**
 * Segment files: creation and naming, the memory-mapped {@link io.kronotop.volume.segment.Segment}, the
 * positional-write {@link io.kronotop.volume.segment.SegmentWriter} with roll-over, and verification.
 */
package io.kronotop.volume.segment;
