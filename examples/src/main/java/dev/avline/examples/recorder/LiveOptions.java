package dev.avline.examples.recorder;

import dev.avline.config.ConfigException;
import dev.avline.config.LivePlan;

/**
 * The recorder's settings as a live HLS recording's settings: the library's {@link LivePlan}
 * (the same mapping a server gets from {@code AvlineConfig.live()}) of the merged flags and config.
 */
final class LiveOptions {
    private LiveOptions() {
    }

    static LivePlan plan(RecorderSettings s) {
        try {
            return LivePlan.of(s.reconnect(), s.outageBudget(), s.inputOptions());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
