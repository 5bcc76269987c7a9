package dev.avline.hlsout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master playlist of a ladder, kept in step with what its renditions have written: it is first
 * written once every rendition has finished a segment (a player cannot start before that anyway),
 * rewritten when a rendition's measured peak grows by more than 5 % or its average moves by more
 * than 10 %, or when renditions leave or come back (adaptation), and written a last time with the
 * final figures when the job ends. Each write replaces the file atomically.
 */
@dev.avline.Internal
public final class LadderMaster {
    private static final Logger LOG = LoggerFactory.getLogger(LadderMaster.class);

    /** One rendition as the master knows it. Figures come from its {@link SegmentLedger}. */
    public static final class Entry {
        private final String name;
        private final SegmentLedger ledger;
        private final double frameRate;
        private final String audioCodec;
        private volatile String uri;
        private volatile int width;
        private volatile int height;
        private volatile String videoCodec;
        private volatile boolean active = true;

        private Entry(String name, String uri, SegmentLedger ledger, int width, int height, double frameRate,
                      String audioCodec) {
            this.name = name;
            this.uri = uri;
            this.ledger = ledger;
            this.width = width;
            this.height = height;
            this.frameRate = frameRate;
            this.audioCodec = audioCodec;
        }

        public String name() {
            return name;
        }

        public SegmentLedger ledger() {
            return ledger;
        }

        /** The video codec string, once known (from the first keyframe or the encoder's extradata). */
        public void videoCodec(String codec) {
            this.videoCodec = codec;
        }

        public String videoCodec() {
            return videoCodec;
        }

        /** Whether the master lists it (adaptation may drop a rendition for a while). */
        public void active(boolean on) {
            this.active = on;
        }

        public boolean active() {
            return active;
        }

        /** Its media playlist now (a rendition brought back writes a new playlist). */
        public void uri(String u) {
            this.uri = u;
        }

        public String uri() {
            return uri;
        }

        public void size(int w, int h) {
            this.width = w;
            this.height = h;
        }

        String codecs() {
            String v = videoCodec;
            if (v == null) return null;
            return audioCodec == null ? v : v + "," + audioCodec;
        }
    }

    private final Path file;
    private final int version;
    private final List<Entry> entries = new ArrayList<>();
    private List<MasterPlaylist.Variant> written;

    /** @param version the media playlists' EXT-X-VERSION (6 for TS segments, which say EXT-X-INDEPENDENT-SEGMENTS; 7 for fMP4) */
    public LadderMaster(Path file, int version) {
        this.file = file;
        this.version = version;
    }

    /** Adds a rendition (before the job starts). */
    public synchronized Entry add(String name, String uri, SegmentLedger ledger, int width, int height, double frameRate,
                                  String audioCodec) {
        Entry e = new Entry(name, uri, ledger, width, height, frameRate, audioCodec);
        entries.add(e);
        return e;
    }

    public Path file() {
        return file;
    }

    /** {@return true once the master was written} */
    public synchronized boolean written() {
        return written != null;
    }

    /**
     * Writes the master if it is due (see the class comment); {@code last} writes the final figures.
     * Returns whether it wrote.
     */
    public synchronized boolean update(boolean last) throws IOException {
        List<MasterPlaylist.Variant> now = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.active) continue;
            SegmentLedger l = e.ledger;
            if (l.segments() == 0 || e.codecs() == null) {
                if (!last) return false; // not every rendition can be played yet
                if (l.segments() == 0) continue;
            }
            now.add(new MasterPlaylist.Variant(e.uri, l.peakBandwidth(), l.averageBandwidth(), e.width, e.height,
                    e.frameRate, e.codecs()));
        }
        if (now.isEmpty()) return false;
        if (!last && written != null && !changed(written, now)) return false;
        MasterPlaylist.write(file, MasterPlaylist.render(now, version));
        LOG.debug("master playlist {} written: {}", file, now);
        written = now;
        return true;
    }

    private static boolean changed(List<MasterPlaylist.Variant> before, List<MasterPlaylist.Variant> now) {
        if (before.size() != now.size()) return true;
        for (int i = 0; i < now.size(); i++) {
            MasterPlaylist.Variant a = before.get(i);
            MasterPlaylist.Variant b = now.get(i);
            if (!a.uri().equals(b.uri()) || a.width() != b.width() || a.height() != b.height()) return true;
            if (!java.util.Objects.equals(a.codecs(), b.codecs())) return true;
            if (b.bandwidth() > a.bandwidth() * 1.05) return true;
            if (Math.abs(b.averageBandwidth() - a.averageBandwidth()) > a.averageBandwidth() * 0.10) return true;
        }
        return false;
    }
}
