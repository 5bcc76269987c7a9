package dev.avline.bench.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes input number {@code i} from the seeds, deterministically: the same seeds, master seed and
 * index always give the same bytes, so a worker that crashed on an input need not have saved it
 * (the parent makes it again). Binary media get one to three of: bit flips, interesting byte
 * values, a truncation, a splice from another seed, a corrupted header, a corrupted MP4 box size,
 * a chunk repeated or removed, random bytes inserted. Playlists get line edits (tags that change
 * the meaning: discontinuities, keys, maps, byte ranges, variants, huge or negative numbers,
 * missing and repeated URIs), and sometimes byte mutations too.
 */
final class Mutator {
    private static final byte[] INTERESTING = {0, (byte) 0xFF, 0x47, 0x7F, (byte) 0x80, 1, 0x10};
    private static final int[] BOX_SIZES = {0, 1, 7, 8, 9, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000};
    private static final String[] BOXES = {"ftyp", "moov", "trak", "mdia", "minf", "stbl", "stsd", "stts", "stsz",
            "stco", "mvhd", "tkhd", "moof", "traf", "tfhd", "tfdt", "trun", "mdat", "mvex", "trex", "avcC", "esds", "sidx"};
    private static final String[] PLAYLIST_LINES = {
            "#EXT-X-DISCONTINUITY", "#EXT-X-ENDLIST", "#EXTINF:0,", "#EXTINF:-1,", "#EXTINF:1e9,", "#EXTINF:nan,",
            "#EXT-X-TARGETDURATION:0", "#EXT-X-TARGETDURATION:99999999", "#EXT-X-MEDIA-SEQUENCE:-1",
            "#EXT-X-MEDIA-SEQUENCE:9223372036854775807", "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"",
            "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\",IV=0x00", "#EXT-X-KEY:METHOD=NONE", "#EXT-X-MAP:URI=\"init.mp4\"",
            "#EXT-X-MAP:URI=\"seg_000.ts\"", "#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"100@0\"", "#EXT-X-BYTERANGE:100@0",
            "#EXT-X-BYTERANGE:99999999@99999999", "#EXT-X-STREAM-INF:BANDWIDTH=1", "#EXT-X-STREAM-INF:BANDWIDTH=-5,RESOLUTION=0x0",
            "#EXT-X-PROGRAM-DATE-TIME:2020-01-01T00:00:00Z", "#EXT-X-VERSION:99", "#EXT-X-PLAYLIST-TYPE:EVENT",
            "missing.ts", "seg_000.ts", "seg_001.ts", "seg_000.m4s", "init.mp4", "index.m3u8", "", "#",
            "#EXTM3U", "#EXT-X-I-FRAMES-ONLY", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START:TIME-OFFSET=-1"};

    private final List<Seeds.Seed> seeds;
    private final long masterSeed;
    private final boolean mutate;

    Mutator(Seeds seeds, long masterSeed) {
        this(seeds, masterSeed, true);
    }

    /** {@code mutate} false gives the seeds unchanged (the baseline run: the same entry points on valid media). */
    Mutator(Seeds seeds, long masterSeed, boolean mutate) {
        this.seeds = seeds.all();
        this.masterSeed = masterSeed;
        this.mutate = mutate;
    }

    /** An input: which seed it came from and its bytes. */
    record Case(long index, Seeds.Seed seed, byte[] bytes, String how) {
    }

    Case make(long index) {
        SplittableRandom r = new SplittableRandom(masterSeed * 0x9E3779B97F4A7C15L + index);
        Seeds.Seed seed = seeds.get(r.nextInt(seeds.size()));
        List<String> how = new ArrayList<>();
        byte[] b;
        if (!mutate) {
            b = seed.bytes();
            how.add("none");
        } else if (seed.isPlaylist()) {
            b = mutatePlaylist(seed.bytes(), r, how);
            if (r.nextInt(4) == 0) b = mutateBinary(b, r, how, 1);
        } else {
            b = mutateBinary(seed.bytes(), r, how, 1 + r.nextInt(3));
        }
        return new Case(index, seed, b, String.join("+", how));
    }

    private byte[] mutateBinary(byte[] in, SplittableRandom r, List<String> how, int ops) {
        byte[] b = in.clone();
        for (int k = 0; k < ops; k++) {
            if (b.length == 0) break;
            switch (r.nextInt(9)) {
                case 0 -> {
                    int flips = 1 + r.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        int p = r.nextInt(b.length);
                        b[p] ^= (byte) (1 << r.nextInt(8));
                    }
                    how.add("flip" + flips);
                }
                case 1 -> {
                    int n = 1 + r.nextInt(16);
                    for (int i = 0; i < n; i++) b[r.nextInt(b.length)] = INTERESTING[r.nextInt(INTERESTING.length)];
                    how.add("set" + n);
                }
                case 2 -> {
                    int cut = r.nextInt(b.length);
                    b = Arrays.copyOf(b, cut);
                    how.add("truncate@" + cut);
                }
                case 3 -> {
                    byte[] other = seeds.get(r.nextInt(seeds.size())).bytes();
                    int from = r.nextInt(other.length);
                    int len = Math.min(other.length - from, 1 + r.nextInt(4096));
                    int at = r.nextInt(b.length);
                    byte[] out = new byte[at + len + Math.max(0, b.length - at - len / 2)];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(other, from, out, at, len);
                    System.arraycopy(b, Math.min(b.length, at + len / 2), out, at + len, out.length - at - len);
                    b = out;
                    how.add("splice" + len);
                }
                case 4 -> {
                    int span = Math.min(b.length, 1 + r.nextInt(512));
                    int n = 1 + r.nextInt(24);
                    for (int i = 0; i < n; i++) b[r.nextInt(span)] = (byte) r.nextInt(256);
                    how.add("header" + n);
                }
                case 5 -> {
                    if (corruptBoxSize(b, r)) how.add("boxsize");
                    else how.add("boxsize-none");
                }
                case 6 -> {
                    int unit = r.nextBoolean() ? 188 : 1 + r.nextInt(2048);
                    int at = r.nextInt(b.length);
                    int len = Math.min(unit, b.length - at);
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                    how.add("repeat" + len);
                }
                case 7 -> {
                    int unit = r.nextBoolean() ? 188 : 1 + r.nextInt(2048);
                    int at = r.nextInt(b.length);
                    int len = Math.min(unit, b.length - at);
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                    how.add("remove" + len);
                }
                default -> {
                    int n = 1 + r.nextInt(64);
                    int at = r.nextInt(b.length + 1);
                    byte[] out = new byte[b.length + n];
                    System.arraycopy(b, 0, out, 0, at);
                    for (int i = 0; i < n; i++) out[at + i] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, out, at + n, b.length - at);
                    b = out;
                    how.add("insert" + n);
                }
            }
        }
        return b;
    }

    /** Sets the 32-bit size before a random MP4 box type found in the bytes. */
    private static boolean corruptBoxSize(byte[] b, SplittableRandom r) {
        String type = BOXES[r.nextInt(BOXES.length)];
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        List<Integer> hits = new ArrayList<>();
        for (int i = 4; i + 4 <= b.length && hits.size() < 64; i++) {
            if (b[i] == t[0] && b[i + 1] == t[1] && b[i + 2] == t[2] && b[i + 3] == t[3]) hits.add(i);
        }
        if (hits.isEmpty()) return false;
        int at = hits.get(r.nextInt(hits.size())) - 4;
        int size = r.nextBoolean() ? BOX_SIZES[r.nextInt(BOX_SIZES.length)] : r.nextInt();
        b[at] = (byte) (size >>> 24);
        b[at + 1] = (byte) (size >>> 16);
        b[at + 2] = (byte) (size >>> 8);
        b[at + 3] = (byte) size;
        return true;
    }

    private static byte[] mutatePlaylist(byte[] in, SplittableRandom r, List<String> how) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            int at = lines.isEmpty() ? 0 : r.nextInt(lines.size());
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (!lines.isEmpty()) lines.remove(at);
                    how.add("dropline");
                }
                case 1 -> {
                    if (!lines.isEmpty()) {
                        int times = r.nextInt(5) == 0 ? 50 : 1;
                        for (int i = 0; i < times; i++) lines.add(at, lines.get(at));
                        how.add("dupline" + times);
                    }
                }
                case 2 -> {
                    if (lines.size() > 1) {
                        int other = r.nextInt(lines.size());
                        String a = lines.get(at);
                        lines.set(at, lines.get(other));
                        lines.set(other, a);
                        how.add("swap");
                    }
                }
                case 3 -> {
                    lines.add(at, PLAYLIST_LINES[r.nextInt(PLAYLIST_LINES.length)]);
                    how.add("insert");
                }
                case 4 -> {
                    if (!lines.isEmpty()) {
                        String[] numbers = {"0", "-1", "4294967296", "1e308", "nan", "9223372036854775808", ""};
                        lines.set(at, lines.get(at).replaceAll("[0-9]+(\\.[0-9]+)?", numbers[r.nextInt(numbers.length)]));
                        how.add("numbers");
                    }
                }
                default -> {
                    // Rare: a live playlist makes the demuxer wait for reloads, until the worker stops it.
                    if (r.nextInt(8) == 0) {
                        lines.removeIf(l -> l.startsWith("#EXT-X-ENDLIST"));
                        how.add("live");
                    } else {
                        lines.add(at, PLAYLIST_LINES[r.nextInt(PLAYLIST_LINES.length)]);
                        how.add("insert");
                    }
                }
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }
}
