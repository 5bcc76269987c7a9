package dev.avline.hw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The DRM render nodes of this machine ({@code /dev/dri/renderD128}, …) with the GPU behind each,
 * read from sysfs ({@code /sys/class/drm/renderD128/device/vendor} and its {@code driver} link).
 * A machine with an Intel iGPU and an NVIDIA card has two: VAAPI and QSV must use the Intel one.
 */
final class RenderNodes {
    static final String INTEL = "0x8086";
    static final String AMD = "0x1002";
    static final String NVIDIA = "0x10de";

    private RenderNodes() {
    }

    /**
     * One render node.
     *
     * @param path its device file
     * @param vendor the PCI vendor id ("0x8086"), or null when sysfs does not say
     * @param driver the kernel driver ("i915", "xe", "amdgpu", "nvidia"), or null
     */
    public record Node(String path, String vendor, String driver) {
        boolean intel() {
            return INTEL.equals(vendor);
        }

        /** Intel and AMD GPUs have VAAPI drivers; an NVIDIA node has none unless a translation layer is installed. */
        boolean likelyVaapi() {
            return vendor == null || INTEL.equals(vendor) || AMD.equals(vendor);
        }

        @Override
        public String toString() {
            return path + (vendor != null ? " (" + vendorName() + (driver != null ? ", " + driver : "") + ")" : "");
        }

        String vendorName() {
            if (INTEL.equals(vendor)) return "Intel";
            if (AMD.equals(vendor)) return "AMD";
            if (NVIDIA.equals(vendor)) return "NVIDIA";
            return vendor;
        }
    }

    /** This machine's render nodes. */
    public static List<Node> list() {
        return list(Path.of("/dev/dri"), Path.of("/sys/class/drm"));
    }

    /** The render nodes under {@code dev}, described from {@code sysClassDrm}; in number order. */
    static List<Node> list(Path dev, Path sysClassDrm) {
        List<Node> nodes = new ArrayList<>();
        if (!Files.isDirectory(dev)) return nodes;
        try (Stream<Path> s = Files.list(dev)) {
            s.filter(p -> p.getFileName().toString().matches("renderD\\d+")).forEach(p -> {
                String name = p.getFileName().toString();
                Path sys = sysClassDrm.resolve(name).resolve("device");
                nodes.add(new Node(p.toString(), read(sys.resolve("vendor")), driver(sys.resolve("driver"))));
            });
        } catch (IOException e) {
            return nodes;
        }
        nodes.sort(Comparator.comparingInt(n -> number(n.path())));
        return nodes;
    }

    /** The nodes to try for VAAPI: Intel and AMD first (they have VAAPI drivers), then the others. */
    static List<Node> forVaapi(List<Node> nodes) {
        List<Node> out = new ArrayList<>();
        nodes.stream().filter(Node::likelyVaapi).forEach(out::add);
        nodes.stream().filter(n -> !n.likelyVaapi()).forEach(out::add);
        return out;
    }

    /** The nodes to try for QSV: Intel ones (and any whose vendor is unknown); QSV runs on nothing else. */
    static List<Node> forQsv(List<Node> nodes) {
        return nodes.stream().filter(n -> n.vendor() == null || n.intel()).toList();
    }

    private static int number(String path) {
        String digits = path.replaceAll(".*renderD", "");
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String driver(Path link) {
        try {
            if (Files.isSymbolicLink(link)) return Files.readSymbolicLink(link).getFileName().toString();
            return Files.exists(link) ? link.toRealPath().getFileName().toString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
