package dev.avline.corpus;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.avline.hls.LiveSettings;
import dev.avline.testkit.OriginRequest;
import dev.avline.testkit.StaticOrigin;

/**
 * One corpus case: a playlist shape from a public source, served with real media by a fresh
 * {@link StaticOrigin} for each client, and what a correct client must make of it.
 *
 * @param id a short stable name (the table's first column, and the known-failures key)
 * @param feature what the case exercises, in a few words
 * @param shapeFrom where the shape comes from (RFC section, packager, player fixture)
 * @param setup puts the case's resources (and server behaviours) on the origin
 * @param entry the path (and query) of the playlist to record
 * @param expect what a correct client does
 * @param live for a live playlist: how much media to record (both clients stop there); else null
 * @param settings avline's settings for this case, from the corpus defaults
 * @param check what the origin's request log must show (null, or a problem)
 */
record CorpusCase(String id, String feature, String shapeFrom, Setup setup, String entry, Expectation expect,
                  Duration live, UnaryOperator<LiveSettings> settings, LogCheck check) {

    /** Puts what the case serves on a fresh origin. */
    interface Setup {
        void serve(StaticOrigin origin, CorpusMedia media);
    }

    /** A property of the requests a client made: null when it holds, else what is wrong. */
    interface LogCheck {
        String problem(List<OriginRequest> requests, StaticOrigin origin);
    }

    static Builder named(String id, String feature, String shapeFrom) {
        return new Builder(id, feature, shapeFrom);
    }

    /** Builds a case step by step: what it serves, where it starts, what is expected. */
    static final class Builder {
        private final String id;
        private final String feature;
        private final String shapeFrom;
        private Setup setup;
        private String entry;
        private Duration live;
        private UnaryOperator<LiveSettings> settings = s -> s;
        private LogCheck check;

        private Builder(String id, String feature, String shapeFrom) {
            this.id = id;
            this.feature = feature;
            this.shapeFrom = shapeFrom;
        }

        Builder serve(String entry, Setup setup) {
            this.entry = entry;
            this.setup = setup;
            return this;
        }

        /** A live case: both clients stop after {@code seconds} of media. */
        Builder live(double seconds) {
            this.live = Duration.ofMillis(Math.round(seconds * 1000));
            return this;
        }

        Builder settings(UnaryOperator<LiveSettings> s) {
            this.settings = s;
            return this;
        }

        Builder check(LogCheck c) {
            this.check = c;
            return this;
        }

        CorpusCase expect(Expectation e) {
            if (setup == null) throw new IllegalStateException(id + ": nothing served");
            Expectation ex = live != null && e.complete() ? e.within(live.toMillis() / 1000.0 + 15) : e;
            return new CorpusCase(id, feature, shapeFrom, setup, entry, ex, live, settings, check);
        }
    }
}
