package dev.avline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The recorders of one {@code Compare live} run: started, then stopped, as processes measured from outside. */
interface LiveTool {
    void start() throws IOException;

    /** Waits until every recording has started; returns the CPU-s the tool used up to then (-1 unknown). */
    double awaitStarted() throws Exception;

    List<Long> pids();

    /** Stops every recording and waits for the processes to end (and be reaped). */
    void stopAndWait() throws Exception;

    List<Path> outputs();
}
