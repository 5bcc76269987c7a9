package dev.avline.transcode;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Hands every item of one link to several links by reference ({@code av_frame_ref},
 * {@code av_packet_ref}: no pixel or payload copy): the decoded video to each rendition's scaler,
 * the encoded audio to each rendition's muxer. The end of the input is passed on to every target.
 * A slow target holds the others back (its queue fills); memory stays bounded by the queues.
 */
final class FanOutStage<H> extends Stage {
    private final Link<H> in;
    private final List<Link<H>> targets;
    private final BiConsumer<H, H> refInto;

    /** @param refInto makes its second argument a new reference to its first's data */
    FanOutStage(String name, Control control, Link<H> in, List<Link<H>> targets, BiConsumer<H, H> refInto) {
        super(name, control);
        this.in = in;
        this.targets = List.copyOf(targets);
        this.refInto = refInto;
    }

    @Override
    void work() {
        for (;;) {
            Slot<H> s = in.take();
            try {
                if (s.end) {
                    for (Link<H> t : targets) t.publishEnd(s.stream);
                    return;
                }
                for (Link<H> t : targets) {
                    Slot<H> copy = t.acquire();
                    refInto.accept(s.item, copy.item);
                    copy.stream = s.stream;
                    copy.timeBase = s.timeBase;
                    t.publish(copy);
                }
            } finally {
                in.release(s);
            }
        }
    }
}
