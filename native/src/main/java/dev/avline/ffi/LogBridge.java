package dev.avline.ffi;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * {@code av_log} → SLF4J. JavaCPP's log callback formats the message natively and drops it before
 * the JNI upcall when its level is above {@code av_log_get_level()}, so the FFmpeg level is kept in
 * step with what SLF4J would print. Calls come from FFmpeg's own threads too (frame and slice
 * threads), and a message can be a partial line: lines are assembled per thread. Each line's SLF4J
 * level comes from {@link LogLevelMap}: FFmpeg's own, except that its routine INFO chatter (a line per
 * playlist reload or segment) goes to DEBUG.
 *
 * <p>Attribution: the thread that runs a pipeline stage sets {@link #attribute(String)}; lines
 * logged on that thread carry the pipeline's name. Lines from FFmpeg's worker threads carry none.
 */
public final class LogBridge {
    private static final Logger LOG = LoggerFactory.getLogger("dev.avline.ffmpeg");
    private static final ThreadLocal<StringBuilder> PARTIAL = ThreadLocal.withInitial(StringBuilder::new);
    private static final ThreadLocal<String> LAST_LINE = new ThreadLocal<>();
    private static final ThreadLocal<String> PIPELINE = new ThreadLocal<>();
    private static volatile String lastLineAnyThread;

    // A strong reference: FFmpeg keeps only the native thunk, the GC must never collect this.
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer msg) {
            try {
                onMessage(level, msg.getString());
            } catch (Throwable t) {
                // Never let anything escape into native code.
            }
        }
    };

    private LogBridge() {
    }

    static void install() {
        avutil.av_log_set_level(levelFor(LOG));
        avutil.setLogCallback(CALLBACK);
    }

    /** Re-reads SLF4J's level for {@code dev.avline.ffmpeg} (call after changing the logging config). */
    public static void refreshLevel() {
        Ffmpeg.ensureLoaded();
        avutil.av_log_set_level(levelFor(LOG));
    }

    /**
     * Sets FFmpeg's level explicitly ("quiet", "error", "warning", "info", "verbose", "debug", "trace"),
     * like the CLI's {@code -loglevel}; lines still go through SLF4J.
     */
    public static void setLevel(String name) {
        Ffmpeg.ensureLoaded();
        avutil.av_log_set_level(parseLevel(name));
    }

    public static int parseLevel(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "quiet": return avutil.AV_LOG_QUIET;
            case "panic": return avutil.AV_LOG_PANIC;
            case "fatal": return avutil.AV_LOG_FATAL;
            case "error": return avutil.AV_LOG_ERROR;
            case "warning": return avutil.AV_LOG_WARNING;
            case "info": return avutil.AV_LOG_INFO;
            case "verbose": return avutil.AV_LOG_VERBOSE;
            case "debug": return avutil.AV_LOG_DEBUG;
            case "trace": return avutil.AV_LOG_TRACE;
            default:
                throw new IllegalArgumentException("loglevel: unknown level '" + name
                        + "' (expected quiet, panic, fatal, error, warning, info, verbose, debug or trace)");
        }
    }

    private static final ThreadLocal<String[]> EXPECTED = new ThreadLocal<>();

    /**
     * Marks lines containing any of {@code fragments}, logged on this thread until the returned
     * scope is closed, as expected: they go to TRACE instead of their FFmpeg level. For messages
     * avline provokes on purpose (a decoder refused by a whitelist to keep an analysis short), which
     * would otherwise look like errors in a server's log on every call.
     */
    public static AutoCloseable expecting(String... fragments) {
        String[] previous = EXPECTED.get();
        EXPECTED.set(fragments.clone());
        return () -> {
            if (previous == null) EXPECTED.remove();
            else EXPECTED.set(previous);
        };
    }

    /** Names the pipeline that the current thread works for (null clears it). */
    public static void attribute(String pipelineName) {
        if (pipelineName == null) PIPELINE.remove();
        else PIPELINE.set(pipelineName);
    }

    /** The last complete line FFmpeg logged at warning level or worse on this thread, or null. */
    public static String lastLineOnThisThread() {
        return LAST_LINE.get();
    }

    /** Forgets this thread's last line (so an old message never explains a new failure). */
    public static void clearLastLine() {
        LAST_LINE.remove();
    }

    static String lastLineAnyThread() {
        return lastLineAnyThread;
    }

    private static int levelFor(Logger log) {
        if (log.isTraceEnabled()) return avutil.AV_LOG_DEBUG;
        if (log.isDebugEnabled()) return avutil.AV_LOG_VERBOSE;
        if (log.isInfoEnabled()) return avutil.AV_LOG_INFO;
        if (log.isWarnEnabled()) return avutil.AV_LOG_WARNING;
        return avutil.AV_LOG_ERROR;
    }

    static void onMessage(int level, String msg) {
        if (msg == null || msg.isEmpty()) return;
        StringBuilder partial = PARTIAL.get();
        partial.append(msg);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl).stripTrailing();
            partial.delete(0, nl + 1);
            if (!line.isEmpty()) emit(level, line);
        }
        if (partial.length() > 4096) { // a runaway message with no newline
            emit(level, partial.toString());
            partial.setLength(0);
        }
    }

    private static void emit(int level, String line) {
        String[] expected = EXPECTED.get();
        if (expected != null) {
            for (String fragment : expected) {
                if (line.contains(fragment)) {
                    LOG.trace(line); // a message avline caused on purpose: not an error for the reader
                    return;
                }
            }
        }
        String safe = redactUrls(line);
        if (level <= avutil.AV_LOG_WARNING) {
            LAST_LINE.set(safe);
            lastLineAnyThread = safe;
        }
        Level to = LogLevelMap.levelOf(level, safe);
        java.util.function.BiConsumer<Level, String> o = observer;
        if (o != null) o.accept(to, safe);
        // FFmpeg's own filter lets INFO through while its routine INFO lines go to DEBUG
        if (!LOG.isEnabledForLevel(to)) return;
        String pipeline = PIPELINE.get();
        String text = pipeline == null ? safe : "[" + pipeline + "] " + safe;
        switch (to) {
            case ERROR -> LOG.error(text);
            case WARN -> LOG.warn(text);
            case INFO -> LOG.info(text);
            case DEBUG -> LOG.debug(text);
            default -> LOG.trace(text);
        }
    }

    /** Tests only: sees every line as it is logged, with its SLF4J level. */
    static volatile java.util.function.BiConsumer<Level, String> observer;

    private static final java.util.regex.Pattern URL_IN_TEXT =
            java.util.regex.Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"]+");

    /** FFmpeg prints URLs (with tokens and passwords) in its messages: redact them on the way out. */
    static String redactUrls(String line) {
        if (line.indexOf("://") < 0) return line;
        java.util.regex.Matcher m = URL_IN_TEXT.matcher(line);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(Urls.redact(m.group())));
        m.appendTail(b);
        return b.toString();
    }
}
