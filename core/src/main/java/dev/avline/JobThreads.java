package dev.avline;

import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Makes a job's threads: plain platform threads, or the embedding application's
 * {@link ThreadFactory} ({@link Recording.Builder#threadFactory}), checked to make platform threads
 * (a virtual thread blocked in FFmpeg's native code pins its carrier).
 */
final class JobThreads {
    static final JobThreads PLATFORM = new JobThreads(null);
    /** {@code Thread.isVirtual()} where the JVM has it (21+), else null: no virtual threads exist. */
    private static final Method IS_VIRTUAL = isVirtualMethod();

    private final ThreadFactory factory;

    JobThreads(ThreadFactory factory) {
        this.factory = factory;
    }

    /** An unstarted thread running {@code work}, named {@code name}. */
    Thread newThread(Runnable work, String name, boolean daemon) {
        if (factory == null) {
            Thread t = new Thread(work, name);
            t.setDaemon(daemon);
            return t;
        }
        Thread t = factory.newThread(work);
        if (t == null) throw new IllegalStateException("the job's ThreadFactory returned no thread for " + name);
        if (isVirtual(t)) {
            throw new IllegalArgumentException("the job's ThreadFactory made a virtual thread for " + name
                    + ": avline's threads block in FFmpeg's native calls, which pin a virtual thread's carrier;"
                    + " give a factory of platform threads");
        }
        t.setName(name);
        t.setDaemon(daemon);
        return t;
    }

    private static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) return false;
        try {
            return (Boolean) IS_VIRTUAL.invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static Method isVirtualMethod() {
        try {
            return Thread.class.getMethod("isVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
