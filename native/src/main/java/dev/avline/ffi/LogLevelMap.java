package dev.avline.ffi;

import org.bytedeco.ffmpeg.global.avutil;
import org.slf4j.event.Level;

/**
 * The SLF4J level of each FFmpeg line (logger {@code avline.ffmpeg}):
 *
 * <table>
 *   <caption>FFmpeg level → SLF4J level</caption>
 *   <tr><th>FFmpeg</th><th>SLF4J</th></tr>
 *   <tr><td>panic, fatal, error</td><td>ERROR</td></tr>
 *   <tr><td>warning</td><td>WARN</td></tr>
 *   <tr><td>info</td><td>INFO, except FFmpeg's routine lines (below): DEBUG</td></tr>
 *   <tr><td>verbose</td><td>DEBUG</td></tr>
 *   <tr><td>debug, trace</td><td>TRACE</td></tr>
 * </table>
 *
 * <p>Routine lines are the ones FFmpeg logs at INFO for every playlist reload, segment or job, which
 * say nothing a server operator acts on; at INFO they bury the lines that matter (a live recording
 * reloads its playlist every target duration: 50 recordings made ~3,000 such lines a minute):
 * <ul>
 *   <li>{@code [hls] Skip ('#EXT-X-VERSION:3')}: a playlist tag the HLS demuxer does not use, on every
 *       (re)load of the playlist;</li>
 *   <li>{@code Opening '…' for reading}: libavformat's default nested open, for every playlist reload
 *       and segment;</li>
 *   <li>{@code [hls] No longer receiving playlist N} / {@code Now receiving playlist N}: the variants
 *       avline discarded or kept when it chose one, on every open of a master playlist;</li>
 *   <li>everything libx264 and libx265 log at INFO (their CPU capabilities, profile and level, and the
 *       statistics printed when an encoder closes) and the AAC encoder's {@code Qavg}: once per job.</li>
 * </ul>
 * Warnings and errors are never demoted, whatever they say.
 */
final class LogLevelMap {
    private LogLevelMap() {
    }

    /** The SLF4J level for a complete line that FFmpeg logged at {@code ffmpegLevel}. */
    static Level levelOf(int ffmpegLevel, String line) {
        if (ffmpegLevel <= avutil.AV_LOG_ERROR) return Level.ERROR;
        if (ffmpegLevel <= avutil.AV_LOG_WARNING) return Level.WARN;
        if (ffmpegLevel <= avutil.AV_LOG_INFO) return isRoutine(line) ? Level.DEBUG : Level.INFO;
        if (ffmpegLevel <= avutil.AV_LOG_VERBOSE) return Level.DEBUG;
        return Level.TRACE;
    }

    /**
     * True for one of the routine INFO lines listed in the class comment. {@code line} is as FFmpeg
     * formats it: {@code "[hls @ 0x55d0c8a1b2c0] Skip (…)"}, the bracket naming the component; a
     * line logged without a context has no bracket.
     */
    static boolean isRoutine(String line) {
        String component = component(line);
        String message = message(line);
        if (message.startsWith("Opening '") && message.endsWith("' for reading")) return true;
        if (component == null) return false;
        switch (component) {
            case "hls":
                return message.startsWith("Skip ('#") || message.startsWith("No longer receiving playlist")
                        || message.startsWith("Now receiving playlist");
            case "libx264":
            case "libx265":
                return true;
            case "aac":
                return message.startsWith("Qavg:");
            default:
                return false;
        }
    }

    /**
     * The innermost component named in the line's {@code [name @ 0x…]} prefixes ("hls", "libx264"),
     * or null when the line has none.
     */
    static String component(String line) {
        int end = prefixEnd(line);
        if (end < 0) return null;
        int open = line.lastIndexOf('[', end);
        int at = line.indexOf(" @ ", open);
        return open >= 0 && at > open && at < end ? line.substring(open + 1, at) : null;
    }

    /** The text after the {@code [name @ 0x…]} prefixes. */
    static String message(String line) {
        int end = prefixEnd(line);
        return end < 0 ? line : line.substring(end + 1).stripLeading();
    }

    /** Index of the {@code ]} that closes the last of the leading {@code [name @ 0x…]} groups, or -1. */
    private static int prefixEnd(String line) {
        int end = -1;
        int i = 0;
        while (i < line.length() && line.charAt(i) == '[') {
            int close = line.indexOf(']', i);
            if (close < 0 || line.indexOf(" @ ", i) < 0 || line.indexOf(" @ ", i) > close) break;
            end = close;
            i = close + 1;
            while (i < line.length() && line.charAt(i) == ' ') i++;
        }
        return end;
    }
}
