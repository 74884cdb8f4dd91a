package dev.skillmerge.finetune.data;

/** What happens to a chat example longer than the longest sequence trained on. */
public enum LongExamples {
    /** Stop with the example's file and line: silently cutting an answer would teach truncated answers. */
    FAIL,
    /** Leave it out and count it in the training record. */
    SKIP
}
