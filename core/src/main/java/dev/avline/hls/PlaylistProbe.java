package dev.avline.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.avline.Input;
import dev.avline.MediaInfo;
import dev.avline.ffi.AvError;
import dev.avline.ffi.FfmpegException;
import dev.avline.ffi.Urls;

/**
 * Reads an HLS presentation the way a recording would start it, without recording: the playlist
 * (a master's variants and renditions), the media playlist of the variant the input's
 * {@link dev.avline.Variant} choice picks and of its alternate audio, and one segment of each
 * (with its init section, decrypted when it is AES-128 with a plain key), for FFmpeg to read the
 * streams from. Every request is avline's own, under the {@link LiveSettings}' URL policy, headers
 * and timeouts, as in a recording. The live recorder is untouched: this is a separate, short path.
 */
@dev.avline.Internal
public final class PlaylistProbe {
    private static final int MAX_MASTER_DEPTH = 2;

    private final Input input;
    private final LiveSettings settings;
    private final UrlGuard guard;
    private final HttpFetcher http;
    private final BodyBuffer body = new BodyBuffer();
    private final List<String> notes = new ArrayList<>();

    private PlaylistProbe(Input input, LiveSettings settings) {
        this.input = input;
        this.settings = settings;
        this.guard = new UrlGuard(settings.urlPolicy(), input.url(), "probe", e -> { });
        RequestProfile profile = RequestProfile.of(input, settings);
        this.http = new HttpFetcher(profile, guard, new CookieJar(input.url(), profile.cookies()), PlaylistProbe::pause);
    }

    /**
     * What was read.
     *
     * @param url the playlist's URL after redirects
     * @param playlistType the media playlist's {@code EXT-X-PLAYLIST-TYPE} (VOD, EVENT), or null
     * @param durationSeconds the media playlist's total duration when it is complete ({@code #EXT-X-ENDLIST}), else null
     * @param variants a master playlist's variants (empty for a media playlist)
     * @param renditions a master playlist's renditions
     * @param samples one segment of each rendition that would be recorded, for FFmpeg to probe
     * @param notes what could not be read, and why
     */
    public record Result(String url, String playlistType, Double durationSeconds, List<MediaInfo.HlsVariant> variants,
                         List<MediaInfo.HlsRendition> renditions, List<Sample> samples, List<String> notes) {
    }

    /**
     * One segment as a demuxer would get it (init section first, decrypted).
     *
     * @param rendition "main", or the alternate audio rendition's NAME
     * @param bytes the segment
     * @param format the demuxer for it ("mpegts", "mov", …), or null for FFmpeg to probe
     */
    public record Sample(String rendition, byte[] bytes, String format) {
    }

    /**
     * Reads the http(s) playlist {@code input} names.
     *
     * @throws FfmpegException naming the URL and the cause when a request fails, the URL policy refuses one, or a
     *         playlist cannot be read
     */
    public static Result read(Input input, LiveSettings settings) {
        if (!input.isRemote()) throw new IllegalArgumentException("probe: not an http(s) URL: " + input.description());
        try {
            return new PlaylistProbe(input, settings).readAll();
        } catch (PlaylistException e) {
            throw new FfmpegException("probe", AvError.INVALIDDATA.code(), input.url(), e.getMessage(), null);
        }
    }

    /**
     * A playlist already in memory (a local file): its variants and renditions, nothing fetched.
     *
     * @param url where it was read from (the base of its relative URIs)
     */
    public static Result describe(byte[] playlist, String url, dev.avline.Variant choice) {
        try {
            ParsedPlaylist p = PlaylistParser.parse(playlist, playlist.length, url, Map.of());
            if (p instanceof MasterPlaylist master) {
                VariantStream chosen = VariantChoice.choose(master, choice);
                return new Result(url, null, null, variants(master, chosen), renditions(master), List.of(), List.of());
            }
            MediaPlaylist media = (MediaPlaylist) p;
            return new Result(url, media.type(), media.endList() ? media.totalDuration() : null, List.of(), List.of(), List.of(),
                    List.of());
        } catch (PlaylistException e) {
            throw FfmpegException.invalid("probe", url, e.getMessage());
        }
    }

    private Result readAll() {
        String url = input.url();
        String referrer = null;
        Map<String, String> variables = Map.of();
        List<MediaInfo.HlsVariant> variants = List.of();
        List<MediaInfo.HlsRendition> renditions = List.of();
        for (int depth = 0; depth <= MAX_MASTER_DEPTH; depth++) {
            Loaded loaded = load(url, referrer, variables);
            if (loaded.playlist instanceof MediaPlaylist media) {
                List<Sample> samples = new ArrayList<>();
                addSample(samples, "main", media);
                return new Result(loaded.url, media.type(), duration(media), variants, renditions, samples, notes);
            }
            MasterPlaylist master = (MasterPlaylist) loaded.playlist;
            VariantStream v = VariantChoice.choose(master, input.variant());
            if (variants.isEmpty()) {
                variants = variants(master, v);
                renditions = renditions(master);
            }
            Rendition audio = VariantChoice.audioFor(master, v);
            if (audio != null && !audio.uri().equals(v.uri())) {
                Loaded main = load(v.uri(), master.url(), master.variables());
                Loaded alt = load(audio.uri(), master.url(), master.variables());
                if (!(main.playlist instanceof MediaPlaylist vm) || !(alt.playlist instanceof MediaPlaylist am)) {
                    throw new PlaylistException("a master playlist names another master playlist");
                }
                List<Sample> samples = new ArrayList<>();
                addSample(samples, "main", vm);
                addSample(samples, audio.name() == null ? "audio" : audio.name(), am);
                return new Result(loaded.url, vm.type(), duration(vm), variants, renditions, samples, notes);
            }
            referrer = master.url();
            variables = master.variables();
            url = v.uri();
        }
        throw new PlaylistException("master playlists nested more than " + MAX_MASTER_DEPTH + " deep");
    }

    private Double duration(MediaPlaylist media) {
        if (media.endList()) return media.totalDuration();
        notes.add("a live playlist (no #EXT-X-ENDLIST): its duration is not known");
        return null;
    }

    private static List<MediaInfo.HlsVariant> variants(MasterPlaylist master, VariantStream chosen) {
        List<MediaInfo.HlsVariant> list = new ArrayList<>();
        for (VariantStream v : master.variants()) {
            list.add(new MediaInfo.HlsVariant(v.uri(), v.bandwidth(), v.averageBandwidth(), v.codecs(), v.resolution(),
                    v.audio(), v.subtitles(), v == chosen));
        }
        return list;
    }

    private static List<MediaInfo.HlsRendition> renditions(MasterPlaylist master) {
        List<MediaInfo.HlsRendition> list = new ArrayList<>();
        for (Rendition r : master.renditions()) {
            list.add(new MediaInfo.HlsRendition(r.type(), r.groupId(), r.name(), r.language(), r.isDefault(), r.autoselect(), r.uri()));
        }
        return list;
    }

    /** The segment a recording would start near: the first of a complete playlist, the newest of a live one. */
    private void addSample(List<Sample> samples, String rendition, MediaPlaylist media) {
        if (media.iFramesOnly()) throw new PlaylistException("an I-frame playlist (#EXT-X-I-FRAMES-ONLY)");
        MediaSegment pick = null;
        for (MediaSegment s : media.segments()) {
            if (s.gap()) continue;
            pick = s;
            if (media.keepsEverySegment()) break;
        }
        if (pick == null) {
            notes.add(rendition + ": the playlist lists no segment yet, so its streams are not known");
            return;
        }
        SegmentKey key = pick.key();
        if (key != null && key.unsupported() != null) {
            notes.add(rendition + ": " + key.unsupported());
            return;
        }
        byte[] init = new byte[0];
        if (pick.map() != null) {
            InitSection map = pick.map();
            init = fetch(map.uri(), media.url(), map.range(), settings.maxInitBytes(), "init section");
            if (map.key() != null && map.key().isClearKeyAes128()) {
                if (map.key().iv() == null) {
                    notes.add(rendition + ": an encrypted init section without an IV cannot be read");
                    return;
                }
                init = decrypt(init, map.key(), map.key().iv(), map.uri(), media.url());
            }
        }
        byte[] segment = fetch(pick.uri(), media.url(), pick.range(), settings.maxSegmentBytes(), "segment");
        if (key != null && key.isClearKeyAes128()) {
            segment = decrypt(segment, key, key.iv() != null ? key.iv() : Aes128.iv(pick.sequence()), pick.uri(), media.url());
        }
        byte[] joined = new byte[init.length + segment.length];
        System.arraycopy(init, 0, joined, 0, init.length);
        System.arraycopy(segment, 0, joined, init.length, segment.length);
        samples.add(new Sample(rendition, joined, SegmentFormat.detect(joined, 0, joined.length)));
    }

    private byte[] decrypt(byte[] data, SegmentKey key, byte[] iv, String what, String playlistUrl) {
        byte[] k = fetch(key.uri(), playlistUrl, null, settings.maxKeyBytes(), "key");
        if (k.length != KeyRing.AES_KEY_BYTES) {
            throw FfmpegException.invalid("probe", key.uri(), "the AES-128 key is " + k.length + " bytes, not 16");
        }
        byte[] clear = Aes128.decrypt(data, k, iv);
        if (clear == null) throw FfmpegException.invalid("probe", what, "the segment does not decrypt with its AES-128 key");
        return clear;
    }

    private record Loaded(String url, ParsedPlaylist playlist) {
    }

    private Loaded load(String url, String referrer, Map<String, String> variables) {
        String refused = guard.refusal(url, referrer);
        if (refused != null) throw refusedBy(url, refused);
        FetchResult r = http.fetch(url, referrer, null, settings.maxPlaylistBytes(), body);
        check(r, url, "playlist");
        return new Loaded(r.finalUrl(), PlaylistParser.parse(body.array(), body.length(), r.finalUrl(), variables));
    }

    private byte[] fetch(String url, String referrer, SegmentRange range, long cap, String what) {
        FetchResult r = http.fetch(url, referrer, range, cap, body);
        check(r, url, what);
        return body.copy();
    }

    private static void check(FetchResult r, String url, String what) {
        if (r.ok()) return;
        if (r.outcome() == FetchResult.Outcome.REFUSED) throw refusedBy(url, r.detail());
        throw new FfmpegException("probe (" + what + ")", r.avError(), url, r.describe(), null);
    }

    private static FfmpegException refusedBy(String url, String reason) {
        return new FfmpegException("probe", AvError.EPERM.code(), url, "refused by the URL policy: " + reason, null);
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "probe of " + Urls.redact(input.url());
    }
}
