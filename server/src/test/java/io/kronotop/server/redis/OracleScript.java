package io.kronotop.server.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact table of command sequences the oracle tests run. Cases start with {@code # name}; each other line
 * is one command, its words separated by spaces; {@code "..."} quotes a word with C escapes ({@code \xHH},
 * {@code \r}, {@code \n}, {@code \"}, {@code \\}); {@code ""} is the empty string. A leading mark says how to
 * compare the reply: {@code ~} ignoring element order, {@code !} type only, {@code ?} not at all.
 */
final class OracleScript {
    /** One command of a case. */
    record Step(char mode, List<byte[]> args, String text) {
    }

    /** One case: a name and its commands. */
    record Case(String name, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    private OracleScript() {
    }

    static List<Case> parse(String table) {
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<Step> steps = null;
        for (String raw : table.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (steps != null) {
                    cases.add(new Case(name, steps));
                }
                name = line.substring(1).strip();
                steps = new ArrayList<>();
                continue;
            }
            char mode = ' ';
            if ("~!?".indexOf(line.charAt(0)) >= 0) {
                mode = line.charAt(0);
                line = line.substring(1).strip();
            }
            steps.add(new Step(mode, words(line), line));
        }
        if (steps != null) {
            cases.add(new Case(name, steps));
        }
        return cases;
    }

    static List<byte[]> words(String line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            if (c == '"') {
                i++;
                while (line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\') {
                        char e = line.charAt(i + 1);
                        switch (e) {
                            case 'x' -> {
                                word.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                                i += 2;
                            }
                            case 'r' -> word.write('\r');
                            case 'n' -> word.write('\n');
                            default -> word.write(e);
                        }
                        i += 2;
                    } else {
                        word.writeBytes(String.valueOf(d).getBytes(StandardCharsets.UTF_8));
                        i++;
                    }
                }
                i++;
            } else {
                int end = line.indexOf(' ', i);
                end = end < 0 ? line.length() : end;
                word.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
            words.add(word.toByteArray());
        }
        return words;
    }
}
