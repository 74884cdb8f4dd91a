package dev.skillmerge.eval.hook;

/**
 * A named unit of evaluation. The three kinds differ in what they need from a model: generated text
 * ({@link GenerativeHook}), log-probabilities ({@link LikelihoodHook}), or nothing we provide because an
 * outside program does the whole job ({@link ExternalHook}).
 */
public sealed interface Hook permits GenerativeHook, LikelihoodHook, ExternalHook {
    /** The name users write after {@code --hooks}: lower case, no spaces. */
    String name();

    /** One line for {@code --help} and summaries. */
    String description();
}
