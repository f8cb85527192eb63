package io.ferrymq.benchmark.profile;

/**
 * Colours frames by where their code lives, so one glance tells FerryMQ's own time from the JDK's and Netty's.
 * The shade within a hue comes from the frame name's {@link String#hashCode()} (fixed by the language
 * specification), so neighbouring frames differ and the same frame has the same colour in every graph.
 */
public final class FrameColours {

    /** Where a frame's code lives. The legend of every graph lists these in this order. */
    public enum Category {
        FERRYMQ("io.ferrymq", 225, 100, 40, 30, 60, 25),
        NETTY("io.netty", 85, 185, 85, 40, 40, 30),
        JDK("JDK (java, javax, jdk, sun)", 90, 155, 215, 35, 40, 30),
        OTHER("other libraries and application", 210, 185, 75, 30, 35, 30),
        SYNTHETIC("[synthetic: all, truncated, unknown]", 180, 180, 180, 30, 30, 30);

        private final String legend;
        private final int red;
        private final int green;
        private final int blue;
        private final int redSpread;
        private final int greenSpread;
        private final int blueSpread;

        Category(String legend, int red, int green, int blue, int redSpread, int greenSpread, int blueSpread) {
            this.legend = legend;
            this.red = red;
            this.green = green;
            this.blue = blue;
            this.redSpread = redSpread;
            this.greenSpread = greenSpread;
            this.blueSpread = blueSpread;
        }

        public String legend() {
            return legend;
        }

        /** The shade at {@code v} (0..1) of this category's hue. */
        String shade(double v) {
            return "rgb(" + (red + (int) (v * redSpread)) + "," + (green + (int) (v * greenSpread)) + ","
                    + (blue + (int) (v * blueSpread)) + ")";
        }
    }

    private FrameColours() {
    }

    /** Accepts dotted (JFR) and slashed (async-profiler's default collapsed output) class names. */
    public static Category categoryOf(String frame) {
        String f = frame.replace('/', '.');
        if (f.startsWith("[") || f.equals("all") || !f.contains(".")) {
            return Category.SYNTHETIC;
        }
        if (f.startsWith("io.ferrymq.")) {
            return Category.FERRYMQ;
        }
        if (f.startsWith("io.netty.")) {
            return Category.NETTY;
        }
        if (f.startsWith("java.") || f.startsWith("javax.") || f.startsWith("jdk.") || f.startsWith("sun.")
                || f.startsWith("com.sun.")) {
            return Category.JDK;
        }
        return Category.OTHER;
    }

    /** An SVG fill such as {@code rgb(231,130,52)}; the same frame name always gets the same colour. */
    public static String colourOf(String frame) {
        return categoryOf(frame).shade((frame.hashCode() & 0xff) / 255.0);
    }
}
