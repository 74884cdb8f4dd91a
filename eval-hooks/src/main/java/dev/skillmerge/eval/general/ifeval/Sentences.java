package dev.skillmerge.eval.general.ifeval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentence splitting for IFEval's sentence counts. The official checker counts sentences with NLTK's Punkt
 * English model, which is a trained model we do not ship; this is IFEval's own rule-based splitter
 * ({@code split_into_sentences} in instructions_util), which protects abbreviations, initials, decimals,
 * acronyms and web addresses the same way. Counts can differ from Punkt on unusual abbreviations.
 */
final class Sentences {
    private static final String ALPHABETS = "([A-Za-z])";
    private static final Pattern PREFIXES = Pattern.compile("(Mr|St|Mrs|Ms|Dr)[.]");
    private static final Pattern WEBSITES = Pattern.compile("[.](com|net|org|io|gov|edu|me)");
    private static final Pattern DIGITS = Pattern.compile("([0-9])[.]([0-9])");
    private static final Pattern MULTIPLE_DOTS = Pattern.compile("\\.{2,}");
    private static final String STARTERS = "(Mr|Mrs|Ms|Dr|Prof|Capt|Cpt|Lt|He\\s|She\\s|It\\s|They\\s|Their\\s|Our\\s|We\\s|But\\s|However\\s|That\\s|This\\s|Wherever)";
    private static final String ACRONYMS = "([A-Z][.][A-Z][.](?:[A-Z][.])?)";
    private static final String SUFFIXES = "(Inc|Ltd|Jr|Sr|Co)";

    private Sentences() {
    }

    static List<String> split(String input) {
        String text = " " + input + "  ";
        text = text.replace("\n", " ");
        text = PREFIXES.matcher(text).replaceAll("$1<prd>");
        text = WEBSITES.matcher(text).replaceAll("<prd>$1");
        text = DIGITS.matcher(text).replaceAll("$1<prd>$2");
        Matcher dots = MULTIPLE_DOTS.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (dots.find()) {
            dots.appendReplacement(sb, Matcher.quoteReplacement("<prd>".repeat(dots.group().length()) + "<stop>"));
        }
        dots.appendTail(sb);
        text = sb.toString();
        if (text.contains("Ph.D")) {
            text = text.replace("Ph.D.", "Ph<prd>D<prd>");
        }
        text = text.replaceAll("\\s" + ALPHABETS + "[.] ", " $1<prd> ");
        text = text.replaceAll(ACRONYMS + " " + STARTERS, "$1<stop> $2");
        text = text.replaceAll(ALPHABETS + "[.]" + ALPHABETS + "[.]" + ALPHABETS + "[.]", "$1<prd>$2<prd>$3<prd>");
        text = text.replaceAll(ALPHABETS + "[.]" + ALPHABETS + "[.]", "$1<prd>$2<prd>");
        text = text.replaceAll(" " + SUFFIXES + "[.] " + STARTERS, " $1<stop> $2");
        text = text.replaceAll(" " + SUFFIXES + "[.]", " $1<prd>");
        text = text.replaceAll(" " + ALPHABETS + "[.]", " $1<prd>");
        if (text.contains("\u201d")) {
            text = text.replace(".\u201d", "\u201d.");
        }
        if (text.contains("\"")) {
            text = text.replace(".\"", "\".");
        }
        if (text.contains("!")) {
            text = text.replace("!\"", "\"!");
        }
        if (text.contains("?")) {
            text = text.replace("?\"", "\"?");
        }
        text = text.replace(".", ".<stop>").replace("?", "?<stop>").replace("!", "!<stop>").replace("<prd>", ".");
        List<String> sentences = new ArrayList<>();
        for (String s : text.split("<stop>", -1)) {
            sentences.add(s.strip());
        }
        if (!sentences.isEmpty() && sentences.getLast().isEmpty()) {
            sentences.removeLast();
        }
        return sentences;
    }

    /** Non-empty sentences, as a sentence tokenizer would count them. */
    static int count(String text) {
        return (int) split(text).stream().filter(s -> !s.isEmpty()).count();
    }
}
