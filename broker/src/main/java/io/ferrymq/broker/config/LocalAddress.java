package io.ferrymq.broker.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * Default for {@code brokerIP1}: an address clients on other hosts can reach (RocketMQ picks the host's
 * non-loopback address too). Prefers a site-local IPv4 address of an up, non-virtual interface; falls back to
 * 127.0.0.1. Operators with several interfaces should set brokerIP1 explicitly.
 */
final class LocalAddress {
    private LocalAddress() {
    }

    static String guess() {
        String fallback = null;
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        if (a.isSiteLocalAddress()) {
                            return a.getHostAddress();
                        }
                        if (fallback == null) {
                            fallback = a.getHostAddress();
                        }
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            return "127.0.0.1";
        }
        return fallback != null ? fallback : "127.0.0.1";
    }
}
