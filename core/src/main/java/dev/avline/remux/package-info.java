/**
 * Not API: the stream copy behind {@code Avline.copy}, {@code Avline.remuxSegment} and
 * {@code SegmentRemuxer}, and the pieces the live recorder and the transcoder share with it (the
 * output timeline, the codecs a container carries). Every public type here is
 * {@link dev.avline.Internal}: public only because {@code dev.avline}, {@code dev.avline.hls} and
 * {@code dev.avline.transcode} use it.
 */
package dev.avline.remux;
