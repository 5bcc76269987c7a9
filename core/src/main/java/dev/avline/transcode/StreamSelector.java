package dev.avline.transcode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.avline.Container;
import dev.avline.Input;
import dev.avline.JobContext;
import dev.avline.events.StreamSkipped;
import dev.avline.ffi.Encoder;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.InputContainer;
import dev.avline.ffi.MediaType;
import dev.avline.ffi.OutputContainer;
import dev.avline.ffi.Program;
import dev.avline.ffi.StreamInfo;
import dev.avline.remux.ContainerCodecs;

/**
 * Chooses the output's streams and what happens to each: the first video stream (of the chosen HLS
 * variant), then every audio track or the selected ones, each copied or transcoded by its
 * {@link StreamMode}. Everything else is reported as skipped.
 */
final class StreamSelector {
    /** One output stream to be: its input stream, and whether it is copied. */
    record Choice(StreamInfo stream, boolean copy) {
        MediaType type() {
            return stream.type();
        }
    }

    private StreamSelector() {
    }

    static List<Choice> choose(InputContainer in, Input input, TranscodeSettings s, Container container,
                               OutputContainer muxer, JobContext ctx) {
        Set<Integer> allowed = variantStreams(in, input);
        List<Choice> video = new ArrayList<>();
        List<Choice> audio = new ArrayList<>();
        int audioOrdinal = 0;
        for (StreamInfo st : in.streams()) {
            if (allowed != null && !allowed.contains(st.index())) continue;
            String skip = null;
            if (st.type() == MediaType.VIDEO) {
                if (s.video().mode() == StreamMode.DROP) skip = "video is dropped by the settings";
                else if (!video.isEmpty()) skip = "only the first video stream is transcoded";
                else video.add(new Choice(st, copies(st, s.video().mode(), s.video().encoder(),
                            s.video().needsFilters(), container, muxer, "video")));
            } else if (st.type() == MediaType.AUDIO) {
                int ordinal = audioOrdinal++;
                if (s.audio().mode() == StreamMode.DROP) skip = "audio is dropped by the settings";
                else if (!s.audioTracks().isEmpty() && !s.audioTracks().contains(ordinal)) skip = "audio track " + ordinal + " is not selected";
                else audio.add(new Choice(st, copies(st, s.audio().mode(), s.audio().encoder(),
                            s.audio().needsFilters(st.sampleRate(), st.channels()), container, muxer, "audio")));
            } else {
                skip = "a transcode writes audio and video only";
            }
            if (skip != null) {
                in.discard(st.index());
                ctx.emit(new StreamSkipped(Instant.now(), st.index(), st.type().name().toLowerCase(), st.codecName(), skip));
            }
        }
        for (int t : s.audioTracks()) {
            if (t >= audioOrdinal) {
                throw new IllegalArgumentException("audio_tracks: track " + t + " was selected but the input has "
                        + audioOrdinal + " audio track" + (audioOrdinal == 1 ? "" : "s"));
            }
        }
        List<Choice> all = new ArrayList<>(video);
        all.addAll(audio);
        if (all.isEmpty()) {
            throw FfmpegException.invalid("transcode", in.url(), "the input has no audio or video stream to write");
        }
        return all;
    }

    private static boolean copies(StreamInfo st, StreamMode mode, String encoder, boolean filtersWanted,
                                  Container container, OutputContainer muxer, String kind) {
        if (mode == StreamMode.TRANSCODE) return false;
        String why = ContainerCodecs.whyNot(container, st, muxer);
        if (mode == StreamMode.COPY) {
            if (why != null) {
                throw new IllegalArgumentException(kind + ".mode: COPY asked for, but " + why + " (stream #" + st.index() + ")");
            }
            return true;
        }
        return why == null && !filtersWanted && st.codecName().equals(Encoder.codecNameOf(encoder));
    }

    /** The streams of the HLS variant chosen by the input's {@link dev.avline.Variant}; null = all. */
    private static Set<Integer> variantStreams(InputContainer in, Input input) {
        List<Program> programs = in.programs();
        Optional<Program> chosen = input.variant().choose(programs);
        if (chosen.isEmpty()) return null;
        Set<Integer> keep = new HashSet<>(chosen.get().streamIndexes());
        for (StreamInfo st : in.streams()) {
            if (!keep.contains(st.index())) in.discard(st.index());
        }
        return keep;
    }
}
