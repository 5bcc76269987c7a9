package dev.avline.examples.recorder.progress;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is watching: stdin and stdout on a terminal. */
public final class Terminals {
    private Terminals() {
    }

    public static boolean interactive() {
        Console console = System.console();
        if (console == null) return false;
        // From JDK 22 System.console() is not null on pipes either; isTerminal() then tells.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
