package dev.skillmerge.checkpoint;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as users write it, with Hugging Face's conventions: "5GB" is 5 * 10^9 bytes and
 * "5GiB" is 5 * 2^30 (transformers' {@code convert_file_size_to_int}); a bare number is bytes.
 */
public record ByteSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(I?)B?", Pattern.CASE_INSENSITIVE);

    public static ByteSize parse(String text) {
        Matcher m = FORM.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 5GB, 500MB, 2GiB, 1048576)");
        }
        double number = Double.parseDouble(m.group(1));
        int power = "KMGT".indexOf(m.group(2)) + 1;
        double unit = m.group(3).isEmpty() ? Math.pow(1000, power) : Math.pow(1024, power);
        return new ByteSize((long) (number * unit));
    }

    /** "1.07 GB", with decimal units like the parser's default. */
    public static String format(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int u = 0;
        while (Math.abs(bytes) >= 1000 && u < units.length - 1) {
            bytes /= 1000;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : String.format(Locale.ROOT, "%.2f %s", bytes, units[u]);
    }

    @Override
    public String toString() {
        return format(bytes);
    }
}
