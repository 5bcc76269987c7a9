package dev.avline.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class UrlPolicyTest {
    private final UrlPolicy policy = UrlPolicy.defaults();

    @Test
    void onlyHttpAndHttpsByDefault() {
        assertNull(policy.refusal("http://cdn.example.com/a/seg.ts", null));
        assertNull(policy.refusal("https://cdn.example.com/a/seg.php?n=1", null));
        assertNull(policy.refusal("crypto+https://cdn.example.com/a/seg.ts", null), "AES-128 segments run over https");
        for (String bad : new String[] {"file:///etc/passwd", "/etc/passwd", "concat:http://a/x.ts|file:/etc/passwd",
                "subfile,,start,0,end,0,,:/etc/passwd", "pipe:0", "data:text/plain;base64,QUFB", "ftp://h/x.ts",
                "crypto:file:///etc/passwd", "tcp://127.0.0.1:80"}) {
            String why = policy.refusal(bad, null);
            assertNotNull(why, bad);
        }
        assertTrue(policy.refusal("file:///etc/passwd", null).contains("file: protocol is not allowed"));
        assertEquals("http,https,tls,tcp,crypto", policy.protocolWhitelist());
    }

    @Test
    void downgradeAndHostAllowList() {
        assertTrue(policy.refusal("http://cdn.example.com/seg.ts", "https://origin.example.com/live.m3u8").contains("downgrade"));
        assertNull(policy.allowDowngrade(true).refusal("http://cdn.example.com/seg.ts", "https://origin.example.com/live.m3u8"));
        UrlPolicy hosts = policy.allowHosts(".example.com", "127.0.0.1");
        assertNull(hosts.refusal("https://a.cdn.example.com/seg.ts", null));
        assertNull(hosts.refusal("http://127.0.0.1:8080/seg.ts", null));
        assertTrue(hosts.refusal("https://evil.test/seg.ts", null).contains("not in the allowed hosts"));
    }
}
