package dev.avline.hls;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which hosts are private: loopback, RFC 1918 networks, link-local (cloud metadata services live
 * at 169.254.169.254), carrier-grade NAT, IPv6 unique-local, unspecified and multicast addresses.
 * A public playlist that points at such a host is a server-side request forgery, refused when the
 * policy says so.
 */
final class AddressCheck {
    private AddressCheck() {
    }

    /** The first private address {@code host} resolves to, or null (also null when it does not resolve: the request fails then). */
    static InetAddress privateAddressOf(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isPrivate(a)) return a;
            }
            return null;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** True when every address {@code host} resolves to is public (false when it does not resolve). */
    static boolean isPublic(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (isPrivate(a)) return false;
            }
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 protocol assignments
                    || (first == 198 && (second == 18 || second == 19))  // benchmarking
                    || first >= 240;                           // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true;           // fc00::/7 unique local
            boolean mapped = true;                             // ::ffff:a.b.c.d: judge the IPv4 address
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
