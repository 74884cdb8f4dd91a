package dev.skillmerge.eval.general.ifeval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.regex.Pattern;

/** IFEval's "detectable_format:*" instructions. */
final class FormatInstructions {
    private static final Pattern STAR_BULLET = Text.compile("^\\s*\\*[^*].*$", Pattern.MULTILINE);
    private static final Pattern DASH_BULLET = Text.compile("^\\s*-.*$", Pattern.MULTILINE);
    private static final Pattern HIGHLIGHT = Text.compile("\\*[^\\n*]*\\*", 0);
    private static final Pattern BOLD = Text.compile("\\*\\*[^\\n*]*\\*\\*", 0);
    private static final Pattern TITLE = Text.compile("<<[^\\n]+>>", 0);
    private static final List<String> CONSTRAINED = List.of("My answer is yes.", "My answer is no.", "My answer is maybe.");
    /** Python's json.loads: one value, nothing after it, NaN and Infinity allowed. */
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private FormatInstructions() {
    }

    /** detectable_format:number_bullet_lists: exactly n lines starting with "* " or "-" bullets. */
    record BulletLists(int count) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.count(STAR_BULLET, r) + Text.count(DASH_BULLET, r) == count;
        }
    }

    /** detectable_format:constrained_response: contains one of the three "My answer is ..." options. */
    record ConstrainedResponse() implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String v = r.strip();
            return CONSTRAINED.stream().anyMatch(v::contains);
        }
    }

    /** detectable_format:number_highlighted_sections: at least n non-empty *highlighted* (or **bold**) spans. */
    record HighlightedSections(int count) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            int n = 0;
            for (String h : Text.findAll(HIGHLIGHT, r)) {
                if (!Text.strip(h, "*").strip().isEmpty()) {
                    n++;
                }
            }
            for (String h : Text.findAll(BOLD, r)) {
                if (!h.substring(2, h.length() - 2).strip().isEmpty()) {
                    n++;
                }
            }
            return n >= count;
        }
    }

    /** detectable_format:multiple_sections: at least n sections opened by "{splitter} {number}". */
    record Sections(String splitter, int count) implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.split(Text.compile("\\s?" + splitter.strip() + "\\s?\\d+\\s?", 0), r).size() - 1 >= count;
        }
    }

    /** detectable_format:json_format: the response, less an optional ``` fence, parses as JSON. */
    record JsonFormat() implements Instruction {
        @Override
        public boolean followedBy(String r) {
            String v = r.strip();
            for (String prefix : List.of("```json", "```Json", "```JSON", "```")) {
                if (v.startsWith(prefix)) {
                    v = v.substring(prefix.length());
                    break;
                }
            }
            if (v.endsWith("```")) {
                v = v.substring(0, v.length() - 3);
            }
            try {
                STRICT_JSON.readTree(v.strip());
                return !v.strip().isEmpty();
            } catch (JsonProcessingException e) {
                return false;
            }
        }
    }

    /** detectable_format:title: a non-empty title in double angular brackets, <<like this>>. */
    record Title() implements Instruction {
        @Override
        public boolean followedBy(String r) {
            return Text.findAll(TITLE, r).stream().anyMatch(t -> !t.replaceFirst("^<+", "").replaceFirst(">+$", "").strip().isEmpty());
        }
    }
}
