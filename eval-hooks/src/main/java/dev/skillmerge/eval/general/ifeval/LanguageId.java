package dev.skillmerge.eval.general.ifeval;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Language identification for IFEval's language rules. The official rules call Python's langdetect, a port of
 * Shuyo's n-gram detector; this uses the maintained Java fork of that detector with its built-in profiles
 * (71 languages, covering every language IFEval asks for). As in the official rule, a text whose language
 * cannot be detected (no letters) counts as following the instruction.
 */
public final class LanguageId {
    private static volatile LanguageId shared;

    private final LanguageDetector detector;
    private final TextObjectFactory texts = CommonTextObjectFactories.forDetectingOnLargeText();

    private LanguageId() throws IOException {
        detector = LanguageDetectorBuilder.create(NgramExtractors.standard())
                .withProfiles(new LanguageProfileReader().readAllBuiltIn()).build();
    }

    public static LanguageId shared() {
        LanguageId l = shared;
        if (l == null) {
            synchronized (LanguageId.class) {
                l = shared;
                if (l == null) {
                    try {
                        l = new LanguageId();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot load the language profiles", e);
                    }
                    shared = l;
                }
            }
        }
        return l;
    }

    /** The most probable ISO 639-1 code, or null when the text has nothing to detect. */
    public String detect(String text) {
        List<DetectedLanguage> ranked = detector.getProbabilities(texts.forText(text));
        return ranked.isEmpty() ? null : ranked.getFirst().getLocale().getLanguage();
    }

    boolean is(String text, String language) {
        String found = detect(text);
        return found == null || found.equals(language);
    }
}
