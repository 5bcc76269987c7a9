package dev.avline.examples.recorder.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.avline.events.Event;

/** Events as log lines on stderr, as they happen (the JSON view also lists them in its last line). */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger("recorder");

    private EventLog() {
    }

    static void log(Event e) {
        LOG.info("event {}: {}", e.kind(), JsonLines.event(e).get("details"));
    }
}
