package dev.skillmerge.workflow.demo.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Content keys of the demo's cache: every product (data, a trained or merged model, an evaluation) is stored
 * under a key made from the keys of its inputs and every setting that changes it, so a rerun finds finished
 * work by key and anything whose inputs changed is made again. Keys are the first 16 hex digits of a sha256.
 */
public final class Keys {
    private Keys() {
    }

    /** The key of a product made from these parts (other keys, settings as text), in order. */
    public static String of(String... parts) {
        MessageDigest sha = sha();
        for (String p : parts) {
            sha.update(p.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** The key of a folder's files (names and bytes, in name order), e.g. the shipped base model. */
    public static String ofFolder(Path folder) throws IOException {
        MessageDigest sha = sha();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
