package dev.skillmerge.workflow.demo.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Which split an item belongs to, decided by a hash of its normalized prompt alone: 80% train, 10% dev,
 * 10% test. Two items with the same prompt always land in the same split, so no prompt can be trained on
 * and tested on, whatever generated it.
 */
public enum Split {
    TRAIN, DEV, TEST;

    /** The split of a prompt: bucket sha256(normalized prompt) mod 100; 0-9 test, 10-19 dev, the rest train. */
    public static Split of(String prompt) {
        int bucket = bucket(prompt);
        return bucket < 10 ? TEST : bucket < 20 ? DEV : TRAIN;
    }

    static int bucket(String prompt) {
        byte[] h = sha256(normalize(prompt));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return (int) Long.remainderUnsigned(v, 100);
    }

    /** Lower case, runs of white space as one space, trimmed: the form in which prompts are compared. */
    public static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
