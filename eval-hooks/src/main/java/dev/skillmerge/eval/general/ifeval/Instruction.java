package dev.skillmerge.eval.general.ifeval;

/**
 * One verifiable instruction of IFEval (Zhou et al. 2023), built from its kwargs. {@code followedBy} ports
 * the official {@code check_following} rule of the same id (google-research instruction_following_eval).
 */
public interface Instruction {
    boolean followedBy(String response);
}
