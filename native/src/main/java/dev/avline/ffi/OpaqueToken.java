package dev.avline.ffi;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A few bytes of native memory whose address names one registration in a static callback table
 * (FFmpeg's {@code opaque} pointers: the interrupt callback, a custom AVIOContext, a format
 * context's {@code io_open}). The owner allocates it, registers under it, unregisters with
 * {@code remove(key, owner)} when it closes, and only then frees it, so no other registration can
 * get the same address while this one is in a table. Keying by the address of the FFmpeg object
 * itself (an {@code AVFormatContext}) would not do that: FFmpeg frees the object first, and a new
 * pipeline's context can get the same address before the old entry is gone.
 */
final class OpaqueToken implements AutoCloseable {
    private final LongPointer memory = new LongPointer(1);
    private final long address = memory.address();

    /** The pointer to give FFmpeg as {@code opaque}. */
    Pointer pointer() {
        return memory;
    }

    long address() {
        return address;
    }

    /** Frees the memory; call after every table entry under this token was removed. */
    @Override
    public void close() {
        memory.close();
    }
}
