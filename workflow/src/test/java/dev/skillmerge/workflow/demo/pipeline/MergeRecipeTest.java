package dev.skillmerge.workflow.demo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergeRecipeTest {
    private static final Trainings.Trained BASE = new Trainings.Trained("base", Path.of("/w/base"), "b0");
    private static final Trainings.Trained G = new Trainings.Trained("general", Path.of("/w/general"), "g0");
    private static final Trainings.Trained SCI = new Trainings.Trained("expert-science", Path.of("/w/sci"), "s0");

    @Test
    void writesAMergekitConfigOverTheBaseInFloat32() {
        MergeRecipe ta = new MergeRecipe("ptm", "task_arithmetic", List.of(new MergeRecipe.Term(G, 1.0), new MergeRecipe.Term(SCI, 0.25)), 1.0);
        assertEquals("""
                merge_method: task_arithmetic
                base_model: "/w/base"
                dtype: float32
                out_dtype: float32
                models:
                  - {model: "/w/general", parameters: {weight: 1}}
                  - {model: "/w/sci", parameters: {weight: 0.25}}
                """, ta.yaml(BASE));
        MergeRecipe ties = new MergeRecipe("ties", "ties", List.of(new MergeRecipe.Term(G, 1.0)), 0.5);
        assertEquals(true, ties.yaml(BASE).contains("parameters: {density: 0.5}\n"));
        assertEquals("general 1.00, expert-science 0.25", ta.weights());
    }

    @Test
    void theKeyFollowsTheInputsAndWeights() {
        MergeRecipe a = new MergeRecipe("m", "task_arithmetic", List.of(new MergeRecipe.Term(G, 1.0), new MergeRecipe.Term(SCI, 0.25)), 1.0);
        MergeRecipe sameButRenamed = new MergeRecipe("other", "task_arithmetic", List.of(new MergeRecipe.Term(G, 1.0), new MergeRecipe.Term(SCI, 0.25)), 1.0);
        MergeRecipe otherWeight = new MergeRecipe("m", "task_arithmetic", List.of(new MergeRecipe.Term(G, 1.0), new MergeRecipe.Term(SCI, 0.5)), 1.0);
        Trainings.Trained retrained = new Trainings.Trained("expert-science", Path.of("/w/sci"), "s1");
        MergeRecipe otherExpert = new MergeRecipe("m", "task_arithmetic", List.of(new MergeRecipe.Term(G, 1.0), new MergeRecipe.Term(retrained, 0.25)), 1.0);
        assertEquals(a.key(BASE, 0), sameButRenamed.key(BASE, 0));
        assertNotEquals(a.key(BASE, 0), otherWeight.key(BASE, 0));
        assertNotEquals(a.key(BASE, 0), otherExpert.key(BASE, 0));
        assertNotEquals(a.key(BASE, 0), a.key(BASE, 1));
    }
}
