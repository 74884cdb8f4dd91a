package dev.skillmerge.merge.method;

import java.util.List;

/** Task arithmetic (Ilharco et al. 2023): theta = theta_base + lambda * sum_i w_i (theta_i - theta_base). */
public final class TaskArithmetic extends GeneralizedTaskArithmetic {
    public TaskArithmetic() {
        super("task_arithmetic", null, false, false, false, List.of());
    }
}
