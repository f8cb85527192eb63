package io.ferrymq.it.metrics;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One {@code GET /metrics}, parsed by a real Prometheus text-format parser (Hawkular's prometheus-scraper), with
 * a check that the parser produced one sample for every sample line (nothing skipped as unparseable).
 */
public final class Scrape {
    /** A parsed sample: series name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String text;
    private final String contentType;
    private final List<MetricFamily> families;
    private final List<Sample> samples = new ArrayList<>();

    private Scrape(String text, String contentType) throws IOException {
        this.text = text;
        this.contentType = contentType;
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), walker)
                .walk();
        families = walker.getAllMetricFamilies();
        int parsedLines = 0;
        for (MetricFamily f : families) {
            for (Metric m : f.getMetrics()) {
                if (m instanceof Counter c) {
                    samples.add(new Sample(m.getName(), m.getLabels(), c.getValue()));
                    parsedLines++;
                } else if (m instanceof Gauge g) {
                    samples.add(new Sample(m.getName(), m.getLabels(), g.getValue()));
                    parsedLines++;
                } else if (m instanceof Histogram h) {
                    samples.add(new Sample(m.getName() + "_count", m.getLabels(), h.getSampleCount()));
                    samples.add(new Sample(m.getName() + "_sum", m.getLabels(), h.getSampleSum()));
                    parsedLines += 2 + h.getBuckets().size();
                } else if (m instanceof Summary s) {
                    samples.add(new Sample(m.getName() + "_count", m.getLabels(), s.getSampleCount()));
                    samples.add(new Sample(m.getName() + "_sum", m.getLabels(), s.getSampleSum()));
                    parsedLines += 2 + s.getQuantiles().size();
                }
            }
        }
        long sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertEquals(sampleLines, parsedLines, "every sample line of /metrics parses as Prometheus text:\n" + text);
    }

    /** Scrapes {@code http://127.0.0.1:port/metrics}; fails unless it answers 200 with the Prometheus type. */
    public static Scrape of(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return new Scrape(r.body(), r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError("scrape of port " + port + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public String text() {
        return text;
    }

    public String contentType() {
        return contentType;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Samples of series {@code name} whose labels include every {@code key, value} pair given. */
    public List<Sample> find(String name, String... labelPairs) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                match &= labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
            }
            if (match) {
                out.add(s);
            }
        }
        return out;
    }

    /** The value of the one sample matching, or NaN when there is none. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + List.of(labelPairs));
        }
        return found.isEmpty() ? Double.NaN : found.get(0).value();
    }

    /** The sum over every matching sample (0 when none). */
    public double sum(String name, String... labelPairs) {
        return find(name, labelPairs).stream().mapToDouble(Sample::value).sum();
    }
}
