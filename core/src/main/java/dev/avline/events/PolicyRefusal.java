package dev.avline.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A URL that the input (a playlist, typically) pointed at and that the URL policy refused before
 * anything opened it: a local file, another protocol, an https→http downgrade, a host not allowed.
 * Reported once per URL.
 *
 * @param url the refused URL, credentials and tokens redacted
 * @param reason the rule that refused it
 */
public record PolicyRefusal(Instant at, String url, String reason) implements Event {
    @Override
    public String kind() {
        return "policy_refusal";
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("reason", reason);
        return m;
    }
}
