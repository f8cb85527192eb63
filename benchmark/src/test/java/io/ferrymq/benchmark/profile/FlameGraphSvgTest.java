package io.ferrymq.benchmark.profile;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every test renders, then reads the SVG back with an XML parser, as a browser would. */
class FlameGraphSvgTest {

    /** 420 px wide minus 10 px padding each side: 400 px for the root frame. */
    private static final int WIDTH = 420;

    @Test
    void framesAreAsWideAsTheirShareOfTheSamples() throws Exception {
        Map<String, Element> frames = frames(render("main;parse 30\nmain;write 10\n", 0));
        assertEquals(400.0, width(frames, "all (40 samples, 100.00%)"));
        assertEquals(400.0, width(frames, "main (40 samples, 100.00%)"));
        assertEquals(300.0, width(frames, "parse (30 samples, 75.00%)"));
        assertEquals(100.0, width(frames, "write (10 samples, 25.00%)"));
    }

    @Test
    void aFrameSharedByTwoStacksIsDrawnOnceWithItsCalleesSideBySideOnTop() throws Exception {
        Map<String, Element> frames = frames(render("main;work;parse 5\nmain;work;write 3\n", 0));
        assertEquals(1, frames.keySet().stream().filter(t -> t.startsWith("work ")).count());
        Element work = frames.get("work (8 samples, 100.00%)");
        Element parse = frames.get("parse (5 samples, 62.50%)");
        Element write = frames.get("write (3 samples, 37.50%)");
        assertEquals(attr(work, "y") - 16, attr(parse, "y"), "callees sit one row above their caller");
        assertEquals(attr(work, "x"), attr(parse, "x"), "callees in name order from the caller's left edge");
        assertEquals(attr(work, "x") + 250, attr(write, "x"));
    }

    @Test
    void framesNarrowerThanTheMinimumAreLeftOutWithTheirCalleesAndTheSubtitleSaysHowMuch() throws Exception {
        // 400 px for 400 samples: "cold" is 1 px wide, under the 2 px minimum
        String svg = render("main;hot 399\nmain;cold;colder 1\n", 2);
        Map<String, Element> frames = frames(svg);
        assertTrue(frames.containsKey("hot (399 samples, 99.75%)"));
        assertFalse(frames.keySet().stream().anyMatch(t -> t.startsWith("cold")), frames.keySet().toString());
        assertTrue(svg.contains("frames narrower than 2.00 px, 1 samples in all, not drawn"), svg);
    }

    @Test
    void frameNamesAreXmlEscapedSoConstructorsAndLambdasParse() throws Exception {
        String svg = render("Foo.<init>;Foo.lambda$0;Bar.\"quoted\"&'more' 1\n", 0);
        Map<String, Element> frames = frames(svg); // would throw on a stray '<' or '&'
        assertTrue(frames.containsKey("Foo.<init> (1 samples, 100.00%)"), frames.keySet().toString());
        assertTrue(frames.containsKey("Foo.lambda$0 (1 samples, 100.00%)"));
        assertTrue(frames.containsKey("Bar.\"quoted\"&'more' (1 samples, 100.00%)"));
        assertTrue(svg.contains("Foo.&lt;init&gt;"));
    }

    @Test
    void labelsAreCutToTheFrameWidthAndLeftOutWhenNotEvenThreeCharactersFit() {
        String name = "io.ferrymq.store.CommitLog.append";
        assertEquals(name, FlameGraphSvg.label(name, 400));
        // (130 px - 6 px margin) / 7.2 px a character = 17 characters, the last two ".."
        assertEquals("io.ferrymq.stor..", FlameGraphSvg.label(name, 130));
        assertEquals("", FlameGraphSvg.label(name, 20));
    }

    @Test
    void theTitleLinesNameTheSourceAndTheTotal() throws Exception {
        String svg = render("a 7\nb 5\n", 0);
        assertTrue(svg.contains(">test graph</text>"), svg);
        assertTrue(svg.contains(">old-broker.jfr: 12 samples</text>"), svg);
    }

    @Test
    void anEmptyProfileIsStillAValidDocumentThatSaysSo() throws Exception {
        String svg = render("", 0);
        assertTrue(svg.contains("old-broker.jfr: 0 samples (nothing to draw)"), svg);
        assertTrue(frames(svg).isEmpty());
    }

    @Test
    void coloursFollowThePackageAndAreTheSameInEveryGraph() {
        assertEquals(FrameColours.Category.FERRYMQ, FrameColours.categoryOf("io.ferrymq.store.CommitLog.append"));
        assertEquals(FrameColours.Category.FERRYMQ, FrameColours.categoryOf("io/ferrymq/store/CommitLog.append"));
        assertEquals(FrameColours.Category.NETTY, FrameColours.categoryOf("io.netty.channel.nio.NioEventLoop.run"));
        assertEquals(FrameColours.Category.JDK, FrameColours.categoryOf("java.lang.Thread.run"));
        assertEquals(FrameColours.Category.JDK, FrameColours.categoryOf("jdk.internal.misc.Unsafe.park"));
        assertEquals(FrameColours.Category.OTHER, FrameColours.categoryOf("org.apache.rocketmq.A.b"));
        assertEquals(FrameColours.Category.SYNTHETIC, FrameColours.categoryOf("[truncated stack]"));
        assertEquals(FrameColours.colourOf("java.lang.Thread.run"), FrameColours.colourOf("java.lang.Thread.run"));
        assertNotEquals(FrameColours.colourOf("io.ferrymq.A.b"), FrameColours.colourOf("java.util.A.b"));
    }

    private static String render(String collapsed, double minWidth) throws Exception {
        FrameNode root = CollapsedStacks.parse(new BufferedReader(new StringReader(collapsed)), "all");
        return FlameGraphSvg.render(root,
                new FlameGraphSvg.Options("test graph", "old-broker.jfr", "samples", WIDTH, minWidth));
    }

    /** Each drawn frame's rectangle by its tooltip text. */
    static Map<String, Element> frames(String svg) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Map<String, Element> frames = new LinkedHashMap<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            String title = g.getElementsByTagName("title").item(0).getTextContent();
            frames.put(title, (Element) g.getElementsByTagName("rect").item(0));
        }
        return frames;
    }

    private static double width(Map<String, Element> frames, String title) {
        assertTrue(frames.containsKey(title), () -> title + " not in " + frames.keySet());
        return attr(frames.get(title), "width");
    }

    private static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }
}
