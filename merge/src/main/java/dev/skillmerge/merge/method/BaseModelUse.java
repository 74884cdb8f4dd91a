package dev.skillmerge.merge.method;

/** Whether a method needs {@code base_model}: task-vector methods do, plain averages do not. */
public enum BaseModelUse {
    REQUIRED,
    OPTIONAL,
    IGNORED
}
