package dev.avline.hls;

import java.util.ArrayList;
import java.util.List;

import dev.avline.Variant;
import dev.avline.ffi.Program;

/** Which variant of a master playlist to record, and which of its alternate audio renditions. */
final class VariantChoice {
    private VariantChoice() {
    }

    static VariantStream choose(MasterPlaylist master, Variant wanted) {
        List<VariantStream> variants = master.variants();
        List<Program> programs = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) programs.add(new Program(i, variants.get(i).bandwidth(), List.of()));
        int chosen = wanted.choose(programs).map(Program::id).orElse(0);
        return variants.get(chosen);
    }

    /**
     * The alternate audio rendition a player would play with {@code v}: the DEFAULT one of its
     * AUDIO group, else the first AUTOSELECT one, else the first; null when the group has none
     * with its own playlist (the audio is in the variant's segments).
     */
    static Rendition audioFor(MasterPlaylist master, VariantStream v) {
        if (v.audio() == null) return null;
        Rendition first = null;
        Rendition auto = null;
        for (Rendition r : master.renditions()) {
            if (!"AUDIO".equals(r.type()) || !v.audio().equals(r.groupId()) || r.uri() == null) continue;
            if (r.isDefault()) return r;
            if (auto == null && r.autoselect()) auto = r;
            if (first == null) first = r;
        }
        return auto != null ? auto : first;
    }
}
