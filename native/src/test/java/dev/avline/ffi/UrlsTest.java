package dev.avline.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UrlsTest {
    @Test
    void removesUserInfo() {
        assertEquals("http://***@host/a.m3u8", Urls.redact("http://user:pass@host/a.m3u8"));
        assertEquals("rtmp://***@host:1935/app", Urls.redact("rtmp://user@host:1935/app"));
        // a password containing '@' must not leak its tail
        assertEquals("https://***@host/x", Urls.redact("https://user:p@ss@host/x"));
    }

    @Test
    void redactsTokenLikeQueryValues() {
        assertEquals("http://h/a.m3u8?token=***&res=720", Urls.redact("http://h/a.m3u8?token=abc&res=720"));
        assertEquals("http://h/s.ts?Signature=***&Key-Pair-Id=***&Policy=***",
                Urls.redact("http://h/s.ts?Signature=xyz&Key-Pair-Id=K1&Policy=p0"));
        assertEquals("http://h/live.m3u8?username=bob&password=***", Urls.redact("http://h/live.m3u8?username=bob&password=hunter2"));
        assertEquals("http://h/a?X-Amz-Signature=***", Urls.redact("http://h/a?X-Amz-Signature=deadbeef"));
    }

    @Test
    void redactsLongOpaqueValuesWhateverTheirKey() {
        assertEquals("http://h/a?x=***&n=5", Urls.redact("http://h/a?x=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0&n=5"));
    }

    @Test
    void leavesHarmlessUrlsAlone() {
        assertEquals("http://h/a.m3u8", Urls.redact("http://h/a.m3u8"));
        assertEquals("/tmp/rec/out.ts", Urls.redact("/tmp/rec/out.ts"));
        assertEquals("http://h/a?bitrate=800000&lang=en", Urls.redact("http://h/a?bitrate=800000&lang=en"));
        assertEquals("http://h/a?token=", Urls.redact("http://h/a?token="));
        assertNull(Urls.redact(null));
    }

    @Test
    void keepsTheFragment() {
        assertEquals("http://h/a?token=***#t=10", Urls.redact("http://h/a?token=abc#t=10"));
    }
}
