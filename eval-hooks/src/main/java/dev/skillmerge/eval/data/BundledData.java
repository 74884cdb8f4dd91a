package dev.skillmerge.eval.data;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The benchmark files shipped inside this module (resources under {@code dev/skillmerge/eval/data/}), each
 * folder with the source's license and a PROVENANCE.md.
 */
public final class BundledData {
    private static final String ROOT = "/dev/skillmerge/eval/data/";

    private BundledData() {
    }

    public static InputStream open(String path) throws IOException {
        InputStream in = BundledData.class.getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new IOException("bundled data " + path + " is missing from the eval-hooks jar");
        }
        return in;
    }

    /** The name used in error messages for a bundled file, e.g. "bundled:humaneval/HumanEval.jsonl.gz". */
    public static String name(String path) {
        return "bundled:" + path;
    }

    public static List<JsonLine> jsonl(String path) throws UserInputException, IOException {
        return Jsonl.read(open(path), name(path), path.endsWith(".gz"));
    }

    public static List<CsvTable.Row> csv(String path) throws UserInputException, IOException {
        return CsvTable.read(open(path), name(path));
    }
}
