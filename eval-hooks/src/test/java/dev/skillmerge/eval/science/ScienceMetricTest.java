package dev.skillmerge.eval.science;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.eval.hook.HookData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScienceMetricTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // gold | prediction | score
            "[\"ethanol\", \"acetic acid\"]|[\"Ethanol\", \"acetic  acid\"]|1.0",
            "[\"ethanol\", \"acetic acid\"]|The compounds are: [\"ethanol\"]|0.6666666666666666",
            "[\"ethanol\", \"acetic acid\"]|```json\\n[\"ethanol\", \"water\", \"acetic acid\", \"salt\"]\\n```|0.6666666666666666",
            "[]|[]|1.0",
            "[]|[\"x\"]|0.0",
            "[\"a\"]|no list here|0.0",
    })
    void listF1IsExactMatchF1OverNormalisedItems(String gold, String prediction, double score) {
        assertEquals(score, ScienceMetric.LIST_F1.score(gold, prediction.replace("\\n", "\n")), 1e-12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SUPPORT|support|1.0",
            "SUPPORT|SUPPORT.\\nThe abstract says so.|1.0",
            "SUPPORT|It is SUPPORT|0.0",
            "NEI|CONTRADICT|0.0",
    })
    void labelAccuracyComparesTheNormalisedOutputOrItsFirstLine(String gold, String prediction, double score) {
        assertEquals(score, ScienceMetric.LABEL_ACCURACY.score(gold, prediction.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "the house sparrow|House sparrow.|1.0",
            "four weeks apart|two doses four weeks apart|0.75",
            "pH 7.5|at pH 7.5|0.8",
            "blue light|red light|0.5",
    })
    void tokenF1IsSquadStyle(String gold, String prediction, double score) {
        assertEquals(score, ScienceMetric.TOKEN_F1.score(gold, prediction), 1e-12);
    }

    @Test
    void theProjectSetHas20InstancesInFourTasksAndItsGoldOutputsScoreOne() throws Exception {
        ScienceHook hook = new ScienceHook();
        var tasks = hook.load(HookData.bundled());
        assertEquals(20, tasks.size());
        assertEquals(4, tasks.stream().map(ScienceTask::task).distinct().count());
        for (ScienceTask t : tasks) {
            assertEquals(1.0, hook.score(t, t.output()).value(), t.id());
        }
    }
}
