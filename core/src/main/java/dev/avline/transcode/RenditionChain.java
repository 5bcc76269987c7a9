package dev.avline.transcode;

import dev.avline.ffi.Frame;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Packet;
import dev.avline.hlsout.LadderMaster;
import dev.avline.hlsout.SegmentLedger;

/**
 * One rendition of a running ladder: its scaler, encoder and muxer stages with the links between
 * them, what its muxer has written (the {@link SegmentLedger}) and its line in the master playlist.
 */
final class RenditionChain {
    final Rendition rendition;
    final int index;
    final int width;
    final int height;
    final Link<Frame> frames;       // from the fan-out: decoded frames to scale
    final Link<Packet> packets;     // to its muxer: its video, and the shared audio
    final FilterStage scaler;
    final EncodeStage encoder;
    final MuxStage mux;
    final OutputContainer muxer;
    final SegmentLedger ledger;
    final LadderMaster.Entry entry; // null in a first pass (nothing is written)

    RenditionChain(Rendition rendition, int index, int width, int height, Link<Frame> frames, Link<Packet> packets,
                   FilterStage scaler, EncodeStage encoder, MuxStage mux, OutputContainer muxer, SegmentLedger ledger,
                   LadderMaster.Entry entry) {
        this.scaler = scaler;
        this.rendition = rendition;
        this.index = index;
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.packets = packets;
        this.encoder = encoder;
        this.mux = mux;
        this.muxer = muxer;
        this.ledger = ledger;
        this.entry = entry;
    }

    String name() {
        return rendition.name();
    }

    /** Media seconds written to its playlist (the end of its latest packet). */
    double outSeconds() {
        return mux.outSeconds();
    }

    /** Bytes of its finished segments (or, in a first pass, nothing). */
    long bytes() {
        return ledger != null ? ledger.bytes() : 0;
    }
}
