package io.ferrymq.remoting.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which client addresses an account may connect from. Accepted forms (comma-separated, any mix):
 * {@code *} (anywhere), an exact IPv4 or IPv6 address, IPv4 with {@code *} segments ({@code 192.168.*.*}), IPv4 with
 * a range in the last segment ({@code 192.168.1.10-20}), or CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}). An empty
 * pattern allows every address (as RocketMQ's empty {@code whiteRemoteAddress}). Immutable.
 */
public final class AddressPattern {
    private interface Rule {
        boolean matches(byte[] ip);
    }

    private final String text;
    private final List<Rule> rules;
    private final boolean any;

    private AddressPattern(String text, List<Rule> rules, boolean any) {
        this.text = text;
        this.rules = rules;
        this.any = any;
    }

    public static final AddressPattern ANY = new AddressPattern("*", List.of(), true);

    /** @throws IllegalArgumentException naming the part that is not a valid address pattern */
    public static AddressPattern parse(String text) {
        if (text == null || text.isBlank() || text.trim().equals("*")) {
            return ANY;
        }
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split(",")) {
            String p = raw.trim();
            if (!p.isEmpty()) {
                rules.add(rule(p));
            }
        }
        return new AddressPattern(text.trim(), List.copyOf(rules), rules.isEmpty());
    }

    private static Rule rule(String p) {
        if (p.equals("*")) {
            return ip -> true;
        }
        int slash = p.indexOf('/');
        if (slash > 0) {
            byte[] net = literal(p.substring(0, slash), p);
            int bits;
            try {
                bits = Integer.parseInt(p.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw bad(p, "prefix length is not a number");
            }
            if (bits < 0 || bits > net.length * 8) {
                throw bad(p, "prefix length out of range");
            }
            return ip -> ip.length == net.length && prefixMatches(ip, net, bits);
        }
        if (p.indexOf(':') < 0 && (p.indexOf('*') >= 0 || p.indexOf('-') >= 0)) {
            String[] seg = p.split("\\.", -1);
            if (seg.length != 4) {
                throw bad(p, "expected four dot-separated IPv4 segments");
            }
            int[] lo = new int[4];
            int[] hi = new int[4];
            for (int i = 0; i < 4; i++) {
                String s = seg[i];
                if (s.equals("*")) {
                    lo[i] = 0;
                    hi[i] = 255;
                } else if (s.indexOf('-') > 0) {
                    lo[i] = octet(s.substring(0, s.indexOf('-')), p);
                    hi[i] = octet(s.substring(s.indexOf('-') + 1), p);
                    if (lo[i] > hi[i]) {
                        throw bad(p, "range " + s + " is empty");
                    }
                } else {
                    lo[i] = hi[i] = octet(s, p);
                }
            }
            return ip -> {
                if (ip.length != 4) {
                    return false;
                }
                for (int i = 0; i < 4; i++) {
                    int v = ip[i] & 0xff;
                    if (v < lo[i] || v > hi[i]) {
                        return false;
                    }
                }
                return true;
            };
        }
        byte[] exact = literal(p, p);
        return ip -> java.util.Arrays.equals(ip, exact);
    }

    private static boolean prefixMatches(byte[] ip, byte[] net, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((ip[i / 8] & mask) != (net[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static int octet(String s, String p) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0 || v > 255) {
                throw bad(p, "segment " + s + " is not in 0..255");
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(p, "segment '" + s + "' is not a number, '*' or a range a-b");
        }
    }

    /** Parses an IP literal without any DNS lookup. */
    private static byte[] literal(String s, String p) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.indexOf(':') >= 0 && s.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            throw bad(p, "'" + s + "' is not an IP address (host names are not accepted)");
        }
        if (v4) {
            byte[] b = new byte[4];
            String[] seg = s.split("\\.");
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) octet(seg[i], p);
            }
            return b;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw bad(p, "'" + s + "' is not an IPv6 address");
        }
    }

    private static IllegalArgumentException bad(String p, String why) {
        return new IllegalArgumentException("address pattern '" + p + "': " + why);
    }

    /** Whether the client at {@code address} (an IP literal) is allowed. */
    public boolean allows(InetAddress address) {
        if (any) {
            return true;
        }
        byte[] ip = address.getAddress();
        for (Rule r : rules) {
            if (r.matches(ip)) {
                return true;
            }
        }
        return false;
    }

    /** True when the pattern allows every address. */
    public boolean allowsAll() {
        return any;
    }

    @Override
    public String toString() {
        return text;
    }
}
