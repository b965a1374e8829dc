package io.kronotop.server.redis;

import java.util.Locale;

/** Redis's memory sizes: a number with an optional unit, {@code k m g} (powers of 1000) or {@code kb mb gb}. */
public final class MemorySize {
    private MemorySize() {
    }

    /** The bytes {@code text} states, or -1 when it is not a size. */
    public static long parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        if (t.isEmpty() || t.length() > 19) {
            return -1;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return -1;
            }
        }
        long n = Long.parseLong(t);
        return n > Long.MAX_VALUE / unit ? -1 : n * unit;
    }

    /** Bytes as Redis writes them for people: {@code 512B}, {@code 1.50K}, {@code 2.00G}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f%c", value, units.charAt(unit));
    }
}
