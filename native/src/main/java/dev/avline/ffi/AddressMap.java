package dev.avline.ffi;

/**
 * A map from native addresses to the Java objects behind them, for JNI upcalls (I/O and interrupt
 * callbacks) that find their context by the {@code opaque} pointer on every call: {@link #get} takes
 * no lock and allocates nothing (a {@code Map<Long, T>} boxes the key on each lookup, thousands of
 * times a second per pipeline). Writes are rare (one per open and close) and copy the table.
 * Address 0 is never a key.
 */
final class AddressMap<T> {
    private static final class Table {
        final long[] keys;
        final Object[] values;
        final int size;

        Table(int capacity, int size) {
            this.keys = new long[capacity];
            this.values = new Object[capacity];
            this.size = size;
        }
    }

    private volatile Table table = new Table(16, 0);

    @SuppressWarnings("unchecked")
    T get(long address) {
        Table t = table;
        int mask = t.keys.length - 1;
        for (int i = slot(address, mask); ; i = (i + 1) & mask) {
            long k = t.keys[i];
            if (k == address) return (T) t.values[i];
            if (k == 0) return null;
        }
    }

    synchronized void put(long address, T value) {
        if (address == 0) throw new IllegalArgumentException("null address");
        Table old = table;
        boolean present = get(address) != null;
        int size = present ? old.size : old.size + 1;
        int capacity = old.keys.length;
        while (size * 2 > capacity) capacity *= 2; // at most half full: probes stay short, and one slot is always empty
        Table t = new Table(capacity, size);
        copyInto(old, t, address);
        insert(t, address, value);
        table = t;
    }

    synchronized void remove(long address) {
        Table old = table;
        if (get(address) == null) return;
        Table t = new Table(old.keys.length, old.size - 1);
        copyInto(old, t, address);
        table = t;
    }

    /**
     * Removes the entry only while it is still {@code expected} (the same object): an owner never
     * removes a registration that is not its own.
     *
     * @return true when it was removed
     */
    synchronized boolean remove(long address, T expected) {
        if (address == 0 || get(address) != expected || expected == null) return false;
        remove(address);
        return true;
    }

    synchronized int size() {
        return table.size;
    }

    private static void copyInto(Table from, Table to, long skip) {
        for (int i = 0; i < from.keys.length; i++) {
            long k = from.keys[i];
            if (k != 0 && k != skip) insert(to, k, from.values[i]);
        }
    }

    private static void insert(Table t, long address, Object value) {
        int mask = t.keys.length - 1;
        int i = slot(address, mask);
        while (t.keys[i] != 0) i = (i + 1) & mask;
        t.keys[i] = address;
        t.values[i] = value;
    }

    private static int slot(long address, int mask) {
        long h = address * 0x9E3779B97F4A7C15L; // native addresses are aligned: mix the low bits in
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
