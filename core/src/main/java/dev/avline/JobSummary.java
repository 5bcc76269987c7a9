package dev.avline;

/**
 * What a job reports when it ends, successfully or not.
 *
 * @param output where it wrote (a path, or a description of the stream)
 * @param mediaSeconds media time written
 * @param bytes bytes written
 * @param packets packets written
 */
@Internal
public record JobSummary(String output, double mediaSeconds, long bytes, long packets) {
}
