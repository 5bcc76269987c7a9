package dev.avline.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.avline.hw.Hardware;
import dev.avline.hw.HwAccel;

/** Settings are typed, immutable and checked before anything starts; errors name the setting. */
class TranscodeSettingsTest {
    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreTheFieldsSoftwarePath() {
        TranscodeSettings s = TranscodeSettings.defaults();
        assertEquals("libx264", s.video().encoder());
        assertEquals(Map.of("preset", "ultrafast", "profile", "baseline"), s.video().encoderOptions());
        assertEquals("aac", s.audio().encoder());
        assertEquals(Map.of("b", "128000"), s.audio().encoderOptions());
        assertTrue(s.audioTracks().isEmpty());
        assertEquals(HwAccel.NONE, s.hardware().accel());
        assertEquals(8, s.queueSize());
    }

    @Test
    void videoSettingsMapOntoEncoderOptions() {
        VideoSettings v = VideoSettings.h264().crf(23).maxrate(3_000_000).gop(60).option("tune", "zerolatency");
        assertEquals(Map.of("preset", "ultrafast", "profile", "baseline", "crf", "23", "maxrate", "3000000",
                "bufsize", "6000000", "g", "60", "tune", "zerolatency"), v.encoderOptions());
        VideoSettings original = VideoSettings.h264();
        original.crf(30);
        assertEquals(null, original.crf(), "immutable");
        TranscodeSettings.builder().video(v).build(); // libx264 takes all of them
    }

    @Test
    void unknownEncoderIsNamed() {
        String m = error(() -> TranscodeSettings.builder().video(VideoSettings.encoder("libx999")).build());
        assertTrue(m.startsWith("video.encoder:") && m.contains("libx999"), m);
        m = error(() -> TranscodeSettings.builder().audio(AudioSettings.encoder("nope_aac")).build());
        assertTrue(m.startsWith("audio.encoder:") && m.contains("nope_aac"), m);
    }

    @Test
    void encoderOfTheWrongKindIsNamed() {
        String m = error(() -> TranscodeSettings.builder().video(VideoSettings.encoder("aac")).build());
        assertTrue(m.startsWith("video.encoder:") && m.contains("audio"), m);
    }

    @Test
    void badPresetIsNamed() {
        String m = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().preset("warpspeed")).build());
        assertTrue(m.startsWith("video.preset:") && m.contains("warpspeed") && m.contains("ultrafast"), m);
    }

    /** x264 reports these on stderr, past av_log: avline names them before x264 sees them. */
    @Test
    void badX264TuneAndProfileAreNamedAsThemselves() {
        String tune = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().option("tune", "warp")).build());
        assertTrue(tune.startsWith("video.options.tune:") && tune.contains("'warp'") && tune.contains("zerolatency"), tune);
        String two = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().option("tune", "film,grain")).build());
        assertTrue(two.startsWith("video.options.tune:") && two.contains("one"), two);
        String profile = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().profile("ultra")).build());
        assertTrue(profile.startsWith("video.profile:") && profile.contains("'ultra'") && profile.contains("high444"), profile);
        // Combinations x264 accepts still pass.
        TranscodeSettings.builder().video(VideoSettings.h264().option("tune", "film,zerolatency")).build();
        TranscodeSettings.builder().video(VideoSettings.h264().option("tune", "fastdecode+zerolatency")).build();
    }

    @Test
    void negativeNumbersAreNamed() {
        assertTrue(error(() -> TranscodeSettings.builder().video(VideoSettings.h264().bitrate(-1)).build()).startsWith("video.bitrate"));
        assertTrue(error(() -> TranscodeSettings.builder().video(VideoSettings.h264().maxrate(-5)).build()).startsWith("video.maxrate"));
        assertTrue(error(() -> TranscodeSettings.builder().video(VideoSettings.h264().gop(-2)).build()).startsWith("video.gop"));
        assertTrue(error(() -> TranscodeSettings.builder().audio(AudioSettings.aac().bitrate(-128)).build()).startsWith("audio.bitrate"));
        assertTrue(error(() -> TranscodeSettings.builder().video(VideoSettings.h264().crf(-1)).build()).startsWith("video.crf"));
        assertTrue(error(() -> TranscodeSettings.builder().video(VideoSettings.h264().scale(7, 100)).build()).startsWith("video.width"));
        assertTrue(error(() -> TranscodeSettings.builder().audioTracks(-1)).startsWith("audio_tracks"));
        assertTrue(error(() -> TranscodeSettings.builder().queueSize(0)).startsWith("queue_size"));
    }

    @Test
    void unknownEncoderOptionIsNamed() {
        String m = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().option("tunez", "film")).build());
        assertTrue(m.startsWith("video.options:") && m.contains("tunez"), m);
        m = error(() -> TranscodeSettings.builder().audio(AudioSettings.aac().option("aac_coderr", "fast")).build());
        assertTrue(m.startsWith("audio.options:") && m.contains("aac_coderr"), m);
    }

    @Test
    void badOptionValueIsNamedWithFfmpegsReason() {
        String m = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().option("aq-mode", "wavy")).build());
        assertTrue(m.startsWith("video.options.aq-mode:") && m.contains("libx264") && m.contains("aq-mode=wavy"), m);
        m = error(() -> TranscodeSettings.builder().video(VideoSettings.h264().pixelFormat("yuv999p")).build());
        assertTrue(m.contains("yuv999p"), m);
    }

    @Test
    void loudnormTargetsAreChecked() {
        assertTrue(error(() -> new Loudnorm(-80, -1.5, 11, false)).startsWith("audio.loudnorm.I"));
        assertTrue(error(() -> new Loudnorm(-16, 3, 11, false)).startsWith("audio.loudnorm.TP"));
        assertTrue(error(() -> new Loudnorm(-16, -1.5, 0, false)).startsWith("audio.loudnorm.LRA"));
        assertEquals("loudnorm=I=-16.00:TP=-1.50:LRA=11.00", Loudnorm.ebuR128().dynamicFilter());
    }

    @Test
    void hardwareValuesAreParsedAndChecked() {
        assertEquals(HwAccel.AUTO, HwAccel.parse("auto"));
        assertEquals(HwAccel.CUDA, HwAccel.parse("NVENC"));
        assertEquals(HwAccel.NONE, HwAccel.parse("none"));
        assertTrue(error(() -> HwAccel.parse("metal")).startsWith("hw_accel"));
        assertTrue(error(() -> Hardware.auto().device("/dev/dri/renderD128")).startsWith("hw_device"));
        assertEquals("/dev/dri/renderD129", Hardware.of(HwAccel.VAAPI).device("/dev/dri/renderD129").device());
    }

    @Test
    void emptyOutputIsRefused() {
        String m = error(() -> TranscodeSettings.builder().video(VideoSettings.drop()).audio(AudioSettings.drop()).build());
        assertTrue(m.contains("DROP"), m);
    }
}
