package dev.skillmerge.workflow.regress;

import java.util.List;
import java.util.Locale;

/** The regression verdict for people (Markdown, for a CI job summary) and for CI systems (JUnit XML). */
public final class RegressionReport {
    private RegressionReport() {
    }

    public static String markdown(List<MetricCheck> checks, String baseline, String candidate) {
        long failed = checks.stream().filter(c -> !c.passed()).count();
        StringBuilder s = new StringBuilder();
        s.append("## skillmerge regress: ").append(failed == 0 ? "passed" : failed + " regression" + (failed == 1 ? "" : "s")).append("\n\n");
        s.append("Baseline `").append(baseline).append("`, candidate `").append(candidate).append("`.\n\n");
        s.append("| metric | baseline | candidate | change | allowed drop | result |\n|---|---|---|---|---|---|\n");
        for (MetricCheck c : checks) {
            s.append(String.format(Locale.ROOT, "| %s | %.4f | %s | %s | %s | %s |%n", c.metric(), c.baseline(),
                    Double.isNaN(c.candidate()) ? "missing" : String.format(Locale.ROOT, "%.4f", c.candidate()),
                    Double.isNaN(c.candidate()) ? "-" : String.format(Locale.ROOT, "%+.4f", c.candidate() - c.baseline()),
                    c.tolerance(), c.passed() ? "pass" : "**FAIL**"));
        }
        return s.toString();
    }

    public static String junitXml(List<MetricCheck> checks) {
        long failed = checks.stream().filter(c -> !c.passed()).count();
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<testsuite name=\"skillmerge-regress\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\">%n",
                checks.size(), failed));
        for (MetricCheck c : checks) {
            s.append("  <testcase classname=\"skillmerge.regress\" name=\"").append(escape(c.metric())).append('"');
            if (c.passed()) {
                s.append("/>\n");
            } else {
                String message = Double.isNaN(c.candidate()) ? "missing from the candidate"
                        : String.format(Locale.ROOT, "dropped %.4f (from %.4f to %.4f), allowed %s", c.drop(), c.baseline(), c.candidate(), c.tolerance());
                s.append(">\n    <failure message=\"").append(escape(message)).append("\"/>\n  </testcase>\n");
            }
        }
        s.append("</testsuite>\n");
        return s.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
