package dev.skillmerge.runtime.generate;

import java.util.List;

/** The stop strings of a request: where the first one occurs, and how much text is safe to show before one completes. */
record StopStrings(List<String> stops) {
    /** The index of the earliest stop string in {@code text}, or -1. */
    int firstMatch(String text) {
        int first = -1;
        for (String s : stops) {
            int at = text.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** {@code text} less any ending that could be the start of a stop string still being generated. */
    String safePrefix(String text) {
        int keep = text.length();
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, text.length()); len > 0; len--) {
                if (text.endsWith(s.substring(0, len))) {
                    keep = Math.min(keep, text.length() - len);
                    break;
                }
            }
        }
        return text.substring(0, keep);
    }
}
