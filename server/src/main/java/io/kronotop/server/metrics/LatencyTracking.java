package io.kronotop.server.metrics;

import java.util.Locale;

/**
 * Redis's latency tracking settings: whether each command's latency is recorded ({@code latency-tracking}) and the
 * percentiles INFO latencystats shows ({@code latency-tracking-info-percentiles}). Any thread.
 */
public final class LatencyTracking {
    private volatile boolean enabled;
    private volatile double[] percentiles;

    public LatencyTracking(boolean enabled, double[] percentiles) {
        this.enabled = enabled;
        this.percentiles = percentiles.clone();
    }

    public boolean enabled() {
        return enabled;
    }

    public void enabled(boolean value) {
        enabled = value;
    }

    public double[] percentiles() {
        return percentiles.clone();
    }

    public void percentiles(double[] value) {
        percentiles = value.clone();
    }

    /** {@code yes} or {@code no}, as Redis writes a boolean parameter. */
    public static Boolean parseYesNo(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * Space-separated percentiles between 0 and 100 (none is allowed); or null with the reason in {@code why[0]},
     * in Redis's words.
     */
    public static double[] parsePercentiles(String text, String[] why) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new double[0];
        }
        String[] parts = trimmed.split("\\s+");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                why[0] = "Invalid latency-tracking-info-percentiles parameters";
                return null;
            }
            if (!(values[i] >= 0.0 && values[i] <= 100.0)) {
                why[0] = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
                return null;
            }
        }
        return values;
    }

    /** A percentile as Redis names it: {@code 50}, {@code 99.9}, no trailing zeros. */
    public static String label(double percentile) {
        String text = String.format(Locale.ROOT, "%f", percentile);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return text;
    }

    /** The percentiles as CONFIG GET shows them. */
    public String percentilesText() {
        StringBuilder sb = new StringBuilder();
        for (double p : percentiles) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(label(p));
        }
        return sb.toString();
    }
}
