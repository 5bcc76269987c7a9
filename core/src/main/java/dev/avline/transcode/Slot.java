package dev.avline.transcode;

import dev.avline.ffi.Rational;

/**
 * One pre-allocated place in a {@link Link}: a packet or frame handle that is filled by a reference
 * move, plus what the receiver needs to know about it. Slots circulate between a link's free and
 * full queues; none is allocated per packet or frame.
 */
final class Slot<H> {
    final H item;
    /** The stream the item belongs to (an output stream index on the mux link). */
    int stream;
    /** The time base of the item's timestamps. */
    Rational timeBase;
    /** End of this stream: the item is blank. */
    boolean end;

    Slot(H item) {
        this.item = item;
    }
}
