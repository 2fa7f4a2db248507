package io.a2pportal.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A token bucket per API token, in this instance's memory: each token may make
 * {@code portal.api.rate-limit} requests a minute, in bursts of as many. With several replicas each
 * counts on its own, so a client spread over n replicas may get up to n times the limit.
 */
@ApplicationScoped
public class RateLimiter {

    @ConfigProperty(name = "portal.api.rate-limit", defaultValue = "600")
    int perMinute;

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    /** 0 when the request may go ahead, else the whole seconds to wait before the next one would. */
    public long acquire(long tokenId) {
        return buckets.computeIfAbsent(tokenId, id -> new Bucket(perMinute)).take(System.nanoTime());
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double available;
        private long last;

        Bucket(int perMinute) {
            capacity = perMinute;
            perNano = perMinute / 60e9;
            available = perMinute;
            last = System.nanoTime();
        }

        synchronized long take(long now) {
            available = Math.min(capacity, available + (now - last) * perNano);
            last = now;
            if (available >= 1) {
                available -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - available) / perNano / 1e9));
        }
    }
}
