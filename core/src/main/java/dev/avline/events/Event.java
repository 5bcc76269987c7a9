package dev.avline.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something a caller should know about a running job: a gap, a reconnect, a discontinuity, a
 * hardware fallback, a URL refused by the policy. Every event has a stable {@link #kind()} and
 * {@link #details()} that serialise to JSON as they are (strings, numbers, booleans).
 * URLs in events never carry credentials.
 */
public interface Event {
    /** {@return a short stable name: "gap", "reconnect", "discontinuity", "fallback", "policy_refusal", …} */
    String kind();

    /** {@return when it happened} */
    Instant at();

    /** {@return the event's fields by name, in a stable order} */
    Map<String, Object> details();
}
