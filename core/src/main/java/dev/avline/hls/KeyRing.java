package dev.avline.hls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AES-128 keys of one rendition, by URI: each fetched once and kept while it may still be used.
 * Bounded: a playlist rotates keys, so the least recently used ones are dropped.
 */
final class KeyRing {
    static final int AES_KEY_BYTES = 16;
    private static final int KEPT = 16;

    private final Map<String, byte[]> keys = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEPT;
        }
    };

    byte[] get(String uri) {
        return keys.get(uri);
    }

    void put(String uri, byte[] key) {
        keys.put(uri, key.clone());
    }

    /** A key that failed to decrypt (the origin changed it under the same URI): fetched again next time. */
    void forget(String uri) {
        keys.remove(uri);
    }

    int size() {
        return keys.size();
    }
}
