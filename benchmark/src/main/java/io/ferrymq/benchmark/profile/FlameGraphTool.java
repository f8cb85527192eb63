package io.ferrymq.benchmark.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Command line of benchmark/bin/flamegraph.sh: a JFR recording (or a collapsed-stacks text file) in, an SVG
 * flame graph out.
 *
 * <pre>
 * FlameGraphTool IN.jfr|IN.collapsed OUT.svg [--event cpu|alloc|lock] [--include REGEX] [--title T]
 *                [--width PX] [--min-width PX]
 * </pre>
 *
 * Exits 2 on a usage error and 1 when the input cannot be read or holds nothing to draw, with the reason on
 * stderr; an empty graph is never written silently.
 */
public final class FlameGraphTool {

    private FlameGraphTool() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("flamegraph: " + e.getMessage());
            System.exit(2);
        } catch (IOException | IllegalStateException e) {
            System.err.println("flamegraph: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the graph and returns the one-line summary printed on success. */
    static String run(String... args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: flamegraph.sh IN.jfr|IN.collapsed OUT.svg "
                    + "[--event cpu|alloc|lock] [--include REGEX] [--title T] [--width PX] [--min-width PX]");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ProfileEvent event = ProfileEvent.CPU;
        Pattern include = null;
        String title = null;
        int width = 1200;
        double minWidth = 1.0;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--event" -> event = ProfileEvent.parse(value);
                case "--include" -> include = compile(value);
                case "--title" -> title = value;
                case "--width" -> width = (int) number(args[i], value);
                case "--min-width" -> minWidth = number(args[i], value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (!Files.isReadable(in)) {
            throw new IOException("cannot read " + in);
        }
        boolean jfr = in.getFileName().toString().endsWith(".jfr");
        FrameNode root;
        String counted;
        if (jfr) {
            JfrStacks.Profile p = JfrStacks.read(in, event, include);
            root = p.root();
            counted = p.events() + " " + event.eventType() + " events"
                    + (include == null ? "" : ", " + p.excluded() + " without a frame matching --include");
        } else {
            try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                root = CollapsedStacks.parse(r, "all", include);
            }
            counted = "collapsed stacks";
        }
        if (root.weight() == 0) {
            throw new IllegalStateException("nothing to draw from " + in + ": " + counted);
        }
        String unit = jfr ? event.unit() : "samples";
        String svg = FlameGraphSvg.render(root, new FlameGraphSvg.Options(
                title != null ? title : jfr ? event.label() + " flame graph" : "flame graph", in.getFileName().toString(), unit, width,
                minWidth));
        Files.writeString(out, svg, StandardCharsets.UTF_8);
        return "wrote " + out + ": " + root.weight() + " " + unit + " from " + counted;
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a number");
        }
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--include '" + regex + "' is not a regular expression: "
                    + e.getDescription());
        }
    }
}
