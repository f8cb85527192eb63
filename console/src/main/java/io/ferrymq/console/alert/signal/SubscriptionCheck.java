package io.ferrymq.console.alert.signal;

import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.ClientConnection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Whether the online consumers of a group subscribe alike. Brokers keep one subscription per group and topic, so
 * members that subscribe differently (another tag expression, another topic, during or after a bad deployment)
 * overwrite each other's with every heartbeat: messages are filtered by whichever arrived last, and some are never
 * consumed. The broker's merged view cannot show that, so each member is asked for its own subscriptions
 * (GET_CONSUMER_RUNNING_INFO, relayed by a broker), as {@code mqadmin consumerStatus} does. Owned by the alert
 * worker thread; the calls per round are bounded by the caller's budget.
 */
final class SubscriptionCheck {
    /** What the last complete check of a group found. */
    record Result(long checkedAt, int clients, int differing, Map<String, List<String>> variants) {
        /** Evidence: the number of variants and each variant with its members (at most 3 named). */
        Map<String, String> evidence() {
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("onlineConsumers", Integer.toString(clients));
            ev.put("subscriptionVariants", Integer.toString(variants.size()));
            int i = 1;
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                List<String> who = v.getValue();
                ev.put("variant" + i++, v.getKey() + " <- " + who.size() + " consumer(s): "
                        + String.join(", ", who.subList(0, Math.min(3, who.size())))
                        + (who.size() > 3 ? ", ..." : ""));
            }
            return ev;
        }
    }

    private final Map<String, Result> results = new HashMap<>();

    /** The last result for {@code key} (set/group), or null when not checked yet. */
    Result result(String key) {
        return results.get(key);
    }

    /** Forgets groups that no longer have two consumers online. */
    void forget(String key) {
        results.remove(key);
    }

    /**
     * Asks every client of {@code group} for its subscriptions and keeps the result under {@code key}; does nothing
     * when {@code budget[0]} does not cover every client (the next round tries again). A client that does not
     * answer leaves the previous result in place and is reported to {@code failed}.
     */
    void check(AdminClient admin, String key, String group, List<ClientConnection> clients, long now, int[] budget,
               BiConsumer<String, RuntimeException> failed) {
        if (clients.size() < 2 || budget[0] < clients.size()) {
            return;
        }
        Map<String, Map<String, String>> byClient = new TreeMap<>();
        for (ClientConnection c : clients) {
            budget[0]--;
            try {
                byClient.put(c.clientId(), admin.consumerRuntime(group, c.clientId()).subscriptions());
            } catch (RuntimeException e) {
                failed.accept("subscriptions of " + c.clientId() + " in " + group, e);
                return;
            }
        }
        results.put(key, compare(now, byClient));
    }

    /**
     * Groups clients by what they subscribe (retry topics left out: each client subscribes its group's own; a blank
     * expression is "*"); {@code differing} counts the clients outside the largest variant.
     */
    static Result compare(long now, Map<String, Map<String, String>> byClient) {
        Map<String, List<String>> variants = new TreeMap<>();
        new TreeMap<>(byClient).forEach((client, subs) -> {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(subs).forEach((topic, expr) -> {
                if (!topic.startsWith("%RETRY%")) {
                    sb.append(sb.isEmpty() ? "" : "; ").append(topic).append(" ")
                            .append(expr == null || expr.isBlank() ? "*" : expr.strip());
                }
            });
            variants.computeIfAbsent(sb.isEmpty() ? "(nothing)" : sb.toString(), k -> new ArrayList<>()).add(client);
        });
        Map<String, List<String>> sorted = new LinkedHashMap<>();
        variants.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.put(e.getKey(), List.copyOf(e.getValue())));
        int largest = sorted.values().stream().mapToInt(List::size).max().orElse(0);
        return new Result(now, byClient.size(), byClient.size() - largest, sorted);
    }
}
