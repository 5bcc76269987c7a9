package dev.avline.hw;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One shared value per key, created on first use, closed when the last user lets go. The pool
 * holds only values in use: when a job ends and was the last user, nothing of it stays reachable
 * from here. A value marked lost (a device that failed) is dropped from the pool at once, so the
 * next user gets a new one, and is closed when its last current user lets go.
 */
final class RefCountedPool<K, V extends AutoCloseable> {
    private final Function<K, V> opener;
    private final Map<K, Entry<V>> live = new HashMap<>();

    RefCountedPool(Function<K, V> opener) {
        this.opener = opener;
    }

    /** One use of a pooled value; close it exactly when done (idempotent). */
    static final class Use<V extends AutoCloseable> implements AutoCloseable {
        private final RefCountedPool<?, V> pool;
        private final Entry<V> entry;
        private boolean closed;

        private Use(RefCountedPool<?, V> pool, Entry<V> entry) {
            this.pool = pool;
            this.entry = entry;
        }

        V value() {
            return entry.value;
        }

        /** The value failed for good: later users get a new one. */
        void markLost() {
            pool.lose(entry);
        }

        @Override
        public void close() {
            synchronized (pool) {
                if (closed) return;
                closed = true;
            }
            pool.release(entry);
        }
    }

    private static final class Entry<V> {
        final Object key;
        final V value;
        int users;
        boolean lost;

        Entry(Object key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    /**
     * A use of the value for {@code key}, opened now when no one uses one. The opener runs under the
     * pool's lock, so two jobs starting together never make two devices; what it throws reaches the
     * caller and nothing is kept.
     */
    synchronized Use<V> acquire(K key) {
        Entry<V> e = live.get(key);
        if (e == null) {
            e = new Entry<>(key, opener.apply(key));
            live.put(key, e);
        }
        e.users++;
        return new Use<>(this, e);
    }

    private void release(Entry<V> e) {
        boolean close;
        synchronized (this) {
            close = --e.users == 0;
            if (close && live.get(e.key) == e) live.remove(e.key);
        }
        if (close) closeQuietly(e.value);
    }

    private synchronized void lose(Entry<V> e) {
        e.lost = true;
        if (live.get(e.key) == e) live.remove(e.key);
    }

    /** How many values are open and in use (for tests and metrics). */
    synchronized int size() {
        return live.size();
    }

    /** Users of the live value for {@code key}, 0 when there is none. */
    synchronized int users(K key) {
        Entry<V> e = live.get(key);
        return e == null ? 0 : e.users;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // a device that fails to close has nothing left to give back
        }
    }
}
