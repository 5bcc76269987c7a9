package dev.avline.examples.recorder.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.Event;
import dev.avline.events.SegmentFetched;

/** Events as log lines on stderr, as they happen (the JSON view also lists them in its last line). */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger("recorder");

    private EventLog() {
    }

    static void log(Event e) {
        // One per segment: only worth a line at info when it took more than one fetch.
        if (e instanceof SegmentFetched s && s.retries() == 0) {
            LOG.debug("event {}: {}", e.kind(), JsonLines.event(e).get("details"));
            return;
        }
        LOG.info("event {}: {}", e.kind(), JsonLines.event(e).get("details"));
    }
}
