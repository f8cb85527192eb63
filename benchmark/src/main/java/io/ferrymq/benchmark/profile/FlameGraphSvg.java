package io.ferrymq.benchmark.profile;

import java.util.Locale;

/**
 * Draws a merged call tree as a self-contained SVG flame graph: the root ("all") at the bottom, each callee on
 * top of its caller, every frame as wide as its share of the total weight. A frame narrower than
 * {@link Options#minFrameWidth()} pixels is not drawn, nor its callees (they are narrower still); the subtitle
 * says how much weight that left out. Hovering a frame shows "name (weight unit, percent%)". Labels are cut to
 * the frame's width for a monospace font, so no text spills onto a neighbour; there is no script, so the file
 * shows the same in a browser, an image viewer and a markdown page.
 */
public final class FlameGraphSvg {

    private static final double PAD = 10;
    private static final double FRAME_HEIGHT = 16;
    private static final double HEADER = 56;
    private static final double LEGEND = 28;
    private static final double FONT_SIZE = 12;
    /** Width of one character of a 12 px monospace font: 0.6 em. */
    private static final double CHAR_WIDTH = FONT_SIZE * 0.6;
    private static final int MIN_LABEL_CHARS = 3;

    /**
     * @param title         first line, e.g. "FerryMQ broker CPU"
     * @param source        where the stacks came from, e.g. the recording's file name
     * @param unit          what a weight counts: samples, bytes, us
     * @param width         image width in pixels
     * @param minFrameWidth frames narrower than this many pixels are left out
     */
    public record Options(String title, String source, String unit, int width, double minFrameWidth) {
        public Options {
            if (width < 200) {
                throw new IllegalArgumentException("width " + width + " px is too narrow: use 200 or more");
            }
            if (minFrameWidth < 0) {
                throw new IllegalArgumentException("minimum frame width " + minFrameWidth + " px is negative");
            }
        }
    }

    private final FrameNode root;
    private final Options options;
    private final double pixelsPerUnit;
    private final StringBuilder out = new StringBuilder();
    private int maxDepth;
    private long omitted;

    private FlameGraphSvg(FrameNode root, Options options) {
        this.root = root;
        this.options = options;
        this.pixelsPerUnit = root.weight() == 0 ? 0 : (options.width() - 2 * PAD) / root.weight();
    }

    /** The whole SVG document. */
    public static String render(FrameNode root, Options options) {
        return new FlameGraphSvg(root, options).draw();
    }

    private String draw() {
        if (root.weight() > 0) {
            measure(root, 0);
        }
        double height = HEADER + (maxDepth + 1) * FRAME_HEIGHT + PAD + LEGEND;
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(options.width())
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(options.width())
                .append(' ').append(num(height)).append("\" font-family=\"monospace\" font-size=\"")
                .append(num(FONT_SIZE)).append("\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"rgb(250,250,245)\"/>\n");
        text(options.width() / 2.0, 24, "middle", 17, options.title());
        text(options.width() / 2.0, 44, "middle", FONT_SIZE, subtitle());
        if (root.weight() > 0) {
            frame(root, PAD, HEADER + maxDepth * FRAME_HEIGHT);
        }
        legend(height - LEGEND + 10);
        return out.append("</svg>\n").toString();
    }

    private String subtitle() {
        StringBuilder s = new StringBuilder(options.source()).append(": ").append(root.weight()).append(' ')
                .append(options.unit());
        if (root.weight() == 0) {
            s.append(" (nothing to draw)");
        } else if (omitted > 0) {
            s.append(" (frames narrower than ").append(num(options.minFrameWidth())).append(" px, ")
                    .append(omitted).append(' ').append(options.unit()).append(" in all, not drawn)");
        }
        return s.toString();
    }

    /** First pass: how deep the drawn frames go and how much weight the narrow ones hold. */
    private void measure(FrameNode node, int depth) {
        maxDepth = Math.max(maxDepth, depth);
        for (FrameNode child : node.children()) {
            if (drawn(child)) {
                measure(child, depth + 1);
            } else {
                omitted += child.weight();
            }
        }
    }

    private boolean drawn(FrameNode node) {
        return node.weight() > 0 && node.weight() * pixelsPerUnit >= options.minFrameWidth();
    }

    private void frame(FrameNode node, double x, double y) {
        double w = node.weight() * pixelsPerUnit;
        double percent = 100.0 * node.weight() / root.weight();
        out.append("<g><title>").append(escape(node.name())).append(" (").append(node.weight()).append(' ')
                .append(escape(options.unit())).append(", ").append(String.format(Locale.ROOT, "%.2f", percent))
                .append("%)</title><rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(FRAME_HEIGHT - 1))
                .append("\" rx=\"2\" fill=\"").append(FrameColours.colourOf(node.name())).append("\"/>");
        String label = label(node.name(), w);
        if (!label.isEmpty()) {
            out.append("<text x=\"").append(num(x + 3)).append("\" y=\"").append(num(y + FRAME_HEIGHT - 4.5))
                    .append("\">").append(escape(label)).append("</text>");
        }
        out.append("</g>\n");
        double childX = x;
        for (FrameNode child : node.children()) {
            if (drawn(child)) {
                frame(child, childX, y - FRAME_HEIGHT);
            }
            childX += child.weight() * pixelsPerUnit;
        }
    }

    /** The name cut to what fits in {@code width} pixels, ending in ".." when cut; empty when under 3 chars fit. */
    static String label(String name, double width) {
        int fits = (int) ((width - 6) / CHAR_WIDTH);
        if (fits < MIN_LABEL_CHARS) {
            return "";
        }
        return name.length() <= fits ? name : name.substring(0, fits - 2) + "..";
    }

    private void legend(double y) {
        double x = PAD;
        for (FrameColours.Category c : FrameColours.Category.values()) {
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"10\" ")
                    .append("height=\"10\" fill=\"").append(c.shade(0.5)).append("\"/>");
            text(x + 14, y + 9, "start", 11, c.legend());
            x += 14 + c.legend().length() * 11 * 0.6 + 16;
        }
    }

    private void text(double x, double y, String anchor, double size, String content) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(num(size)).append("\">").append(escape(content))
                .append("</text>\n");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** XML-escapes text and attribute values: frame names hold {@code <init>}, {@code $} and {@code &}. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c < 0x20 && c != '\t' ? '?' : c);
            }
        }
        return b.toString();
    }
}
