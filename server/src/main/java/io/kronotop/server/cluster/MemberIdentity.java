package io.kronotop.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** The member id: 40 hex characters, created on the first start and kept in {@code <data.dir>/member.id}. */
public final class MemberIdentity {
    public static final String FILE = "member.id";
    public static final int LENGTH = 40;
    public static final int PREFIX_LENGTH = 4;

    private MemberIdentity() {
    }

    /** Reads the id from the data directory, creating it on first use. Start-up only (blocking file I/O). */
    public static String loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!isValid(id)) {
                    throw new IllegalStateException(file + " does not hold a member id (40 hex characters)");
                }
                return id;
            }
            String id = newId();
            Path temp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(temp, id + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** True for 40 lower- or upper-case hex characters. */
    public static boolean isValid(String id) {
        return id.length() == LENGTH && isHex(id);
    }

    static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** SHA-1 of a random UUID, in lower-case hex. */
    static String newId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }
}
