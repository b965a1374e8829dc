package io.kronotop.perf.suite;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws HdrHistogram-style latency-by-percentile plots with plain Java2D (headless): the x axis is
 * {@code log10(1 / (1 - percentile))}, so 90%, 99%, 99.9% ... are evenly spaced; the y axis is latency
 * in milliseconds. One panel per workload, one line per system.
 */
public final class PercentilePlot {
    /** One panel: a title and one histogram (nanoseconds) per system, in legend order. */
    public record Panel(String title, Map<String, Histogram> lines) {
    }

    private static final int PANEL_W = 640;
    private static final int PANEL_H = 400;
    private static final int MARGIN_L = 70;
    private static final int MARGIN_R = 40;
    private static final int MARGIN_T = 36;
    private static final int MARGIN_B = 50;
    private static final double MAX_X = 5; // 99.999%
    private static final String[] X_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    private static final Map<String, Color> KNOWN = Map.of(
            "redis", new Color(0xD62728),
            "redis-aof-everysec", new Color(0xFF7F0E),
            "redis-aof-always", new Color(0x8C564B),
            "kronotop", new Color(0x1F77B4));
    private static final Color[] OTHERS = {new Color(0x2CA02C), new Color(0x9467BD), new Color(0x17BECF)};

    private PercentilePlot() {
    }

    /** Writes the panels in a grid of {@code columns} columns as a PNG. */
    public static void write(List<Panel> panels, int columns, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int cols = Math.max(1, Math.min(columns, panels.size()));
        int rows = Math.max(1, (panels.size() + cols - 1) / cols);
        BufferedImage image = new BufferedImage(cols * PANEL_W, rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(g, panels.get(i), (i % cols) * PANEL_W, (i / cols) * PANEL_H);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** Points (x = log percentile axis, y = ms) of a histogram, HdrHistogram's percentile iteration. */
    static List<double[]> points(Histogram h) {
        List<double[]> pts = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return pts;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            double x = p >= 1 ? MAX_X : Math.min(MAX_X, Math.log10(1 / (1 - p)));
            pts.add(new double[] {x, v.getValueIteratedTo() / 1e6});
            if (x >= MAX_X) {
                break;
            }
        }
        return pts;
    }

    private static void drawPanel(Graphics2D g, Panel panel, int ox, int oy) {
        int plotW = PANEL_W - MARGIN_L - MARGIN_R;
        int plotH = PANEL_H - MARGIN_T - MARGIN_B;
        int px = ox + MARGIN_L;
        int py = oy + MARGIN_T;
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        double maxY = 0;
        for (Map.Entry<String, Histogram> e : panel.lines().entrySet()) {
            List<double[]> pts = points(e.getValue());
            series.put(e.getKey(), pts);
            for (double[] p : pts) {
                maxY = Math.max(maxY, p[1]);
            }
        }
        maxY = niceCeiling(maxY);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), px, oy + 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();

        // grid and axes
        for (int i = 0; i <= MAX_X; i++) {
            int x = px + (int) Math.round(plotW * i / MAX_X);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(x, py, x, py + plotH);
            g.setColor(Color.DARK_GRAY);
            g.drawString(X_LABELS[i], x - fm.stringWidth(X_LABELS[i]) / 2, py + plotH + 16);
        }
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            int y = py + plotH - (int) Math.round(plotH * i / 5.0);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(px, y, px + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = formatMs(v);
            g.drawString(label, px - 6 - fm.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(px, py, plotW, plotH);
        g.drawString("percentile", px + plotW / 2 - fm.stringWidth("percentile") / 2, py + plotH + 34);
        Graphics2D rotated = (Graphics2D) g.create();
        try {
            rotated.rotate(-Math.PI / 2);
            rotated.drawString("latency (ms)", -(py + plotH / 2 + 30), ox + 14);
        } finally {
            rotated.dispose();
        }

        // lines and legend
        int legendY = py + 14;
        int colorIndex = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            Color known = KNOWN.get(systemOf(e.getKey()));
            Color color = known != null ? known : OTHERS[colorIndex++ % OTHERS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            Path2D path = new Path2D.Double();
            boolean first = true;
            for (double[] p : e.getValue()) {
                double x = px + plotW * p[0] / MAX_X;
                double y = py + plotH - (maxY == 0 ? 0 : plotH * p[1] / maxY);
                if (first) {
                    path.moveTo(x, y);
                    first = false;
                } else {
                    path.lineTo(x, y);
                }
            }
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
            g.fillRect(px + 10, legendY - 8, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), px + 30, legendY - 3);
            legendY += 16;
        }
    }

    /** The system of a legend label: {@code redis (SET/GET)} is drawn in redis's colour. */
    static String systemOf(String label) {
        int paren = label.indexOf(" (");
        return paren < 0 ? label : label.substring(0, paren);
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= v) {
                return m * exp;
            }
        }
        return 10 * exp;
    }

    private static String formatMs(double v) {
        if (v == 0) {
            return "0";
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
