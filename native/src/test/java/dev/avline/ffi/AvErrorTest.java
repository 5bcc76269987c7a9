package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

class AvErrorTest {
    @Test
    void everyTaggedErrorMatchesFfmpegsOwnConstant() throws Exception {
        Ffmpeg.ensureLoaded();
        int checked = 0;
        for (AvError e : AvError.values()) {
            Field f;
            try {
                f = avutil.class.getField("AVERROR_" + e.name());
            } catch (NoSuchFieldException missing) {
                continue; // errno values and OTHER: checked below
            }
            assertEquals(f.getInt(null), e.code(), e.name());
            assertEquals(e, AvError.of(f.getInt(null)));
            checked++;
        }
        assertTrue(checked >= 25, "only " + checked + " tags compared");
    }

    @Test
    void errnoValuesAreLinuxOnesAsFfmpegDescribesThem() {
        assertEquals("Resource temporarily unavailable", Ffmpeg.errorText(AvError.EAGAIN.code()));
        assertEquals("No such file or directory", Ffmpeg.errorText(AvError.ENOENT.code()));
        assertEquals("Connection refused", Ffmpeg.errorText(AvError.ECONNREFUSED.code()));
        assertEquals("Connection timed out", Ffmpeg.errorText(AvError.ETIMEDOUT.code()));
        assertEquals("Connection reset by peer", Ffmpeg.errorText(AvError.ECONNRESET.code()));
        assertEquals("Invalid argument", Ffmpeg.errorText(AvError.EINVAL.code()));
    }

    @Test
    void namesTheCommonCodes() {
        assertEquals(AvError.EOF, AvError.of(avutil.AVERROR_EOF()));
        assertEquals(AvError.EAGAIN, AvError.of(-11));
        assertEquals(AvError.EXIT, AvError.of(avutil.AVERROR_EXIT()));
        assertEquals(AvError.HTTP_NOT_FOUND, AvError.of(avutil.AVERROR_HTTP_NOT_FOUND()));
        assertEquals(AvError.HTTP_SERVER_ERROR, AvError.of(avutil.AVERROR_HTTP_SERVER_ERROR()));
        assertEquals(AvError.OPTION_NOT_FOUND, AvError.of(avutil.AVERROR_OPTION_NOT_FOUND()));
        assertEquals(AvError.OTHER, AvError.of(-123456));
        assertEquals("End of file", Ffmpeg.errorText(AvError.EOF.code()));
        assertEquals("Server returned 404 Not Found", Ffmpeg.errorText(AvError.HTTP_NOT_FOUND.code()));
    }

    @Test
    void errorTextIsBoundedToTheCString() {
        String text = Ffmpeg.errorText(AvError.EXIT.code());
        assertEquals("Immediate exit requested", text);
        assertFalse(text.contains("\0"));
        assertTrue(Ffmpeg.errorText(-987654).startsWith("Error number -987654"), Ffmpeg.errorText(-987654));
    }

    @Test
    void networkErrorsAreMarkedForReconnect() {
        assertTrue(AvError.ECONNRESET.isNetwork());
        assertTrue(AvError.HTTP_SERVER_ERROR.isNetwork());
        assertFalse(AvError.INVALIDDATA.isNetwork());
        assertFalse(AvError.OPTION_NOT_FOUND.isNetwork());
    }
}
