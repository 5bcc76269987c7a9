package dev.avline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps avline's public edge where it was decided (README, "What is API"): the public types of each
 * package of avline-core and avline-testkit, which of them are {@link Internal}, and that no API
 * member speaks the native boundary's types ({@code dev.avline.ffi}, {@code org.bytedeco}). A type
 * that becomes public, or an API type that disappears, fails here: change the lists below on purpose,
 * with the README, or not at all. On failure the message holds the lists as they are now.
 */
class ApiSurfaceTest {
    /** Every public type (nested ones as {@code Outer.Inner}), by package: API and internal alike. */
    private static final Map<String, String> PUBLIC_TYPES = Map.ofEntries(
            Map.entry("dev.avline", """
                    Avline
                    AvlineException
                    Capabilities
                    Capabilities.Codec
                    Capabilities.Filter
                    Capabilities.Format
                    Capabilities.HardwareSupport
                    ChunkFeed
                    Container
                    Input
                    Internal
                    Job
                    JobContext
                    JobFailure
                    JobSummary
                    MediaInfo
                    MediaInfo.HlsRendition
                    MediaInfo.HlsVariant
                    MediaInfo.Stream
                    Output
                    OutputFile
                    OutputRefused
                    Progress
                    Progress.RenditionProgress
                    ProgressListener
                    Recording
                    Recording.Builder
                    RecordingResult
                    RecordingResult.State
                    SegmentRemuxer
                    SegmentRemuxer.Builder
                    SegmentRemuxer.OutputTooSmallException
                    UnknownOptions
                    Variant
                    """),
            Map.entry("dev.avline.config", """
                    AvlineConfig
                    AvlineConfig.AvlineSection
                    AvlineConfig.FfmpegSection
                    AvlineConfig.Mode
                    ByteSize
                    ConfigException
                    LivePlan
                    """),
            Map.entry("dev.avline.events", """
                    Adapt
                    Discontinuity
                    Event
                    EventListener
                    Fallback
                    FilterDelay
                    Gap
                    OutputRotated
                    PolicyRefusal
                    Reconnect
                    SegmentFetched
                    StreamSkipped
                    Waiting
                    """),
            Map.entry("dev.avline.hls", """
                    LiveRecorder
                    LiveSettings
                    PlaylistProbe
                    PlaylistProbe.Result
                    PlaylistProbe.Sample
                    UrlPolicy
                    UrlRefused
                    """),
            Map.entry("dev.avline.hlsout", """
                    CodecStrings
                    HlsOutput
                    HlsOutput.Kind
                    LadderMaster
                    LadderMaster.Entry
                    MediaPlaylist
                    MediaPlaylist.Segment
                    SegmentLedger
                    """),
            Map.entry("dev.avline.hw", """
                    DeviceLease
                    DeviceSpec
                    Hardware
                    HwAccel
                    HwKind
                    HwPlan
                    HwPlanner
                    HwProbe
                    HwProbe.Result
                    NvdecBudget
                    SharedDevices
                    """),
            Map.entry("dev.avline.remux", """
                    ContainerCodecs
                    CopyAnalysis
                    CopyWriter
                    PlaylistGuard
                    StreamCopy
                    Timeline
                    Timeline.Adjustment
                    """),
            Map.entry("dev.avline.transcode", """
                    Adaptation
                    Adaptation.CpuLoad
                    AudioSettings
                    Deinterlace
                    Ladder
                    Ladder.Builder
                    LadderTranscode
                    LoudnessMeasurement
                    LoudnessScan
                    Loudnorm
                    Rendition
                    StageFailure
                    StreamMode
                    Transcode
                    TranscodeSettings
                    TranscodeSettings.Builder
                    VideoSettings
                    """),
            Map.entry("dev.avline.testkit", """
                    LiveHlsOrigin
                    LiveHlsOrigin.Builder
                    MediaProbe
                    MediaReport
                    MediaReport.StreamReport
                    OriginRequest
                    PlaylistTimeline
                    StaticOrigin
                    TestMedia
                    """));

    /** The public types marked {@link Internal}: shared between avline's packages, not API. */
    private static final String INTERNAL_TYPES = """
            dev.avline.Job
            dev.avline.JobContext
            dev.avline.JobFailure
            dev.avline.JobSummary
            dev.avline.OutputFile
            dev.avline.hls.LiveRecorder
            dev.avline.hls.PlaylistProbe
            dev.avline.hlsout.CodecStrings
            dev.avline.hlsout.LadderMaster
            dev.avline.hlsout.MediaPlaylist
            dev.avline.hlsout.SegmentLedger
            dev.avline.hw.DeviceLease
            dev.avline.hw.DeviceSpec
            dev.avline.hw.HwKind
            dev.avline.hw.HwPlan
            dev.avline.hw.HwPlanner
            dev.avline.hw.HwProbe
            dev.avline.hw.NvdecBudget
            dev.avline.hw.SharedDevices
            dev.avline.remux.ContainerCodecs
            dev.avline.remux.CopyAnalysis
            dev.avline.remux.CopyWriter
            dev.avline.remux.PlaylistGuard
            dev.avline.remux.StreamCopy
            dev.avline.remux.Timeline
            dev.avline.transcode.LadderTranscode
            dev.avline.transcode.LoudnessMeasurement
            dev.avline.transcode.LoudnessScan
            dev.avline.transcode.Transcode
            """;

    /** Public members of API types that mention native types: none (a new one fails). */
    private static final String KNOWN_NATIVE_LEAKS = """
            """;

    /** Public members of API types that take or return {@link Internal} types: none (a new one fails). */
    private static final String KNOWN_INTERNAL_LEAKS = """
            """;

    @Test
    void publicTypesAreTheDecidedOnes() throws Exception {
        Map<String, TreeSet<String>> actual = publicTypesByPackage();
        StringBuilder now = new StringBuilder();
        actual.forEach((pkg, types) -> now.append(pkg).append(":\n").append(String.join("\n", types)).append("\n\n"));
        Map<String, TreeSet<String>> expected = new TreeMap<>();
        PUBLIC_TYPES.forEach((pkg, list) -> expected.put(pkg, lines(list)));
        assertEquals(expected, actual, () -> "the public types changed; now:\n" + now);
    }

    @Test
    void internalTypesAreMarked() throws Exception {
        TreeSet<String> marked = new TreeSet<>();
        for (Class<?> c : publicTypes()) if (c.isAnnotationPresent(Internal.class)) marked.add(name(c));
        assertEquals(lines(INTERNAL_TYPES), marked, () -> "the @Internal types changed; now:\n" + String.join("\n", marked));
    }

    @Test
    void apiMembersDoNotSpeakNativeTypes() throws Exception {
        TreeSet<String> leaks = leaks(ApiSurfaceTest::mentionsNative);
        assertEquals(lines(KNOWN_NATIVE_LEAKS), leaks,
                () -> "API members that mention dev.avline.ffi or org.bytedeco types (mark them @Internal, or hide the"
                        + " native type behind an API one); now:\n" + String.join("\n", leaks));
    }

    @Test
    void apiMembersDoNotSpeakInternalTypes() throws Exception {
        List<String> internalNames = new ArrayList<>();
        for (Class<?> c : publicTypes()) if (internal(c)) internalNames.add(c.getName());
        TreeSet<String> leaks = leaks(signature -> internalNames.stream().anyMatch(n -> mentions(signature, n)));
        assertEquals(lines(KNOWN_INTERNAL_LEAKS), leaks,
                () -> "API members that take or return @Internal types (mark them @Internal too); now:\n" + String.join("\n", leaks));
    }

    /** The public and protected members of API types whose signature {@code bad} accepts. */
    private static TreeSet<String> leaks(java.util.function.Predicate<String> bad) throws Exception {
        TreeSet<String> leaks = new TreeSet<>();
        for (Class<?> c : publicTypes()) {
            if (internal(c)) continue;
            if (bad.test(c.getGenericSuperclass() == null ? "" : c.getGenericSuperclass().getTypeName())
                    || Arrays.stream(c.getGenericInterfaces()).anyMatch(t -> bad.test(t.getTypeName()))) {
                leaks.add(name(c) + " (its supertypes)");
            }
            List<Member> members = new ArrayList<>();
            members.addAll(Arrays.asList(c.getDeclaredMethods()));
            members.addAll(Arrays.asList(c.getDeclaredConstructors()));
            members.addAll(Arrays.asList(c.getDeclaredFields()));
            for (Member m : members) {
                if (!visible(m) || m.isSynthetic() || (m instanceof Method method && method.isBridge())) continue;
                if (((java.lang.reflect.AnnotatedElement) m).isAnnotationPresent(Internal.class)) continue;
                String signature = m instanceof Executable e ? e.toGenericString()
                        : ((Field) m).getGenericType().getTypeName();
                if (bad.test(signature)) leaks.add(name(c) + "." + (m instanceof Constructor ? "<init>" : m.getName()));
            }
        }
        return leaks;
    }

    /** {@code typeName} as a whole name in {@code signature} (not {@code dev.avline.JobContextual}). */
    private static boolean mentions(String signature, String typeName) {
        int i = signature.indexOf(typeName);
        while (i >= 0) {
            int end = i + typeName.length();
            boolean startOk = i == 0 || !Character.isJavaIdentifierPart(signature.charAt(i - 1)) && signature.charAt(i - 1) != '.';
            boolean endOk = end == signature.length() || !Character.isJavaIdentifierPart(signature.charAt(end));
            if (startOk && endOk) return true;
            i = signature.indexOf(typeName, i + 1);
        }
        return false;
    }

    /** Basic use (record, copy, remux, transcode, probe) from one package, plus a settings class. */
    @Test
    void theFrontDoorNeedsNoNativeImport() throws Exception {
        for (Method m : Avline.class.getMethods()) {
            if (m.getDeclaringClass() != Avline.class || m.isAnnotationPresent(Internal.class)) continue;
            for (Class<?> p : m.getParameterTypes()) {
                assertTrue(p.isPrimitive() || p.isArray() || p.getPackageName().startsWith("java.")
                                || p.getPackageName().equals("dev.avline") || p.getSimpleName().endsWith("Settings")
                                || p.getPackageName().equals("dev.avline.hlsout") || p.getPackageName().equals("dev.avline.transcode"),
                        () -> "Avline." + m.getName() + " takes a " + p.getName());
            }
            assertTrue(!mentionsNative(m.toGenericString()), () -> "Avline." + m.getName() + " mentions a native type");
        }
    }

    /** Marked itself, or nested in a marked type. */
    private static boolean internal(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) if (k.isAnnotationPresent(Internal.class)) return true;
        return false;
    }

    private static boolean visible(Member m) {
        int mod = m.getModifiers();
        if (Modifier.isPublic(mod)) return true;
        return Modifier.isProtected(mod) && !Modifier.isFinal(m.getDeclaringClass().getModifiers());
    }

    private static boolean mentionsNative(String typeText) {
        return typeText.contains("dev.avline.ffi.") || typeText.contains("org.bytedeco.");
    }

    private static TreeSet<String> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String name(Class<?> c) {
        return c.getName().replace('$', '.');
    }

    private static Map<String, TreeSet<String>> publicTypesByPackage() throws Exception {
        Map<String, TreeSet<String>> byPackage = new TreeMap<>();
        for (Class<?> c : publicTypes()) {
            byPackage.computeIfAbsent(c.getPackageName(), k -> new TreeSet<>())
                    .add(name(c).substring(c.getPackageName().length() + 1));
        }
        return byPackage;
    }

    /** The public types (and public nested types of public types) of avline-core and avline-testkit. */
    private static List<Class<?>> publicTypes() throws Exception {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> anchor : List.of(Avline.class, dev.avline.testkit.TestMedia.class)) {
            for (String className : classNames(anchor)) {
                Class<?> c = Class.forName(className, false, anchor.getClassLoader());
                if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) continue;
                boolean visible = true;
                for (Class<?> k = c; k != null; k = k.getEnclosingClass()) visible &= Modifier.isPublic(k.getModifiers());
                if (visible) out.add(c);
            }
        }
        return out;
    }

    /** Every class in the jar or directory {@code anchor} was loaded from. */
    private static List<String> classNames(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class")).forEach(p -> names.add(className(root.relativize(p).toString())));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF"))
                        .forEach(n -> names.add(className(n)));
            }
        }
        names.removeIf(n -> n.endsWith("module-info") || n.endsWith("package-info"));
        return names;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
}
