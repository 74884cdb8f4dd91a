package dev.skillmerge.finetune.run;

/** Which chat template renders conversations for training. */
public enum TemplateChoice {
    /** The model's own (tokenizer_config.json's chat_template), else the built-in Tulu one: what inference uses. */
    MODEL,
    /** The built-in Tulu template even when the model has its own. */
    TULU
}
