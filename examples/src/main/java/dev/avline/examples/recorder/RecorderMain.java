package dev.avline.examples.recorder;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.avline.examples.recorder.config.ConfigLoader;
import dev.avline.examples.recorder.config.RecorderConfig;
import dev.avline.examples.recorder.progress.Terminals;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code java -jar avline-recorder.jar [options] INPUT OUTPUT}: records a stream to MPEG-TS or
 * fragmented MP4 with avline. See {@code --help}, and the README's "The recorder" section.
 *
 * <p>Exit status: 0 done (also after Ctrl-C/SIGTERM, with the output finalized); 1 the recording
 * failed; 2 a usage or config error; 3 OUTPUT exists (without {@code --overwrite}) or is the input. No logger is touched before the config is read: its
 * {@code loglevel} decides how the SLF4J binding is set up.
 */
public final class RecorderMain {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** OUTPUT exists and --overwrite was not given, or OUTPUT is the input: nothing was written. */
    static final int OUTPUT_REFUSED = 3;

    private final PrintStream out;
    private final PrintStream err;

    RecorderMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RecorderMain(System.out, System.err).run(args));
    }

    int run(String[] args) {
        RecorderCommand cli = new RecorderCommand();
        CommandLine cl = new CommandLine(cli).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cl.parseArgs(args);
        } catch (ParameterException e) {
            return usage(e.getMessage());
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return DONE;
        }
        if (cl.isVersionHelpRequested()) {
            LoggingSetup.configure(SettingsResolver.DEFAULT_LOGLEVEL);
            cl.printVersionHelp(out);
            return DONE;
        }
        if (cli.probe != null || cli.capabilities) {
            try {
                RecorderConfig config = cli.config == null ? RecorderConfig.none() : new ConfigLoader().load(cli.config);
                LoggingSetup.configure(config.ffmpeg().loglevel() != null ? config.ffmpeg().loglevel() : SettingsResolver.DEFAULT_LOGLEVEL);
                return new Inspect(out, err).run(cli, config);
            } catch (UsageException e) {
                return usage(e.getMessage());
            }
        }
        RecorderSettings settings;
        try {
            RecorderConfig config = cli.config == null ? RecorderConfig.none() : new ConfigLoader().load(cli.config);
            settings = SettingsResolver.resolve(cli, config, Terminals.interactive(), RecorderMain::demoDirectory);
        } catch (UsageException e) {
            return usage(e.getMessage());
        }
        LoggingSetup.configure(settings.loglevel());
        try {
            return new RecorderRun(settings, out, err).execute();
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // FFmpeg's natives not loadable, the demo's port not bindable, ...: a failure, said in one line.
            err.println("avline-recorder: failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        }
    }

    private int usage(String message) {
        err.println("avline-recorder: " + message);
        err.println("Try 'avline-recorder --help' for the options.");
        err.flush();
        return USAGE;
    }

    private static Path demoDirectory() {
        try {
            return Files.createTempDirectory("avline-demo");
        } catch (java.io.IOException e) {
            throw new UsageException("--demo: cannot create a directory for the output (give OUTPUT): " + e.getMessage());
        }
    }
}
