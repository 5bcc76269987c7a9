package dev.avline.examples.recorder;

import dev.avline.Avline;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the program's version and the FFmpeg libraries it runs. */
final class RecorderVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = RecorderVersion.class.getPackage().getImplementationVersion();
        String ffmpeg;
        try {
            ffmpeg = Avline.ffmpegVersions();
        } catch (RuntimeException | LinkageError e) {
            ffmpeg = "FFmpeg could not be loaded: " + e.getMessage();
        }
        return new String[] {"avline-recorder " + (version == null ? "(development build)" : version), ffmpeg};
    }
}
