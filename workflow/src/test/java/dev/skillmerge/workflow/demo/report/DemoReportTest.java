package dev.skillmerge.workflow.demo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.skillmerge.workflow.demo.pipeline.Scores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoReportTest {
    private static final List<ModelRow> ROWS = List.of(
            new ModelRow("General model", "trained", new Scores(0.84, 0.05, 0.0, 1.0, 0.0, 0.5), 250, "base + general mix", Path.of("g"), Path.of("rg")),
            new ModelRow("PTM, w = |D|/|G|", "PTM (task arithmetic)", new Scores(0.8125, 0.5, 0.9, 0.75, Double.NaN, 0.825), 1200,
                    "general 1.00, expert-science 0.25", Path.of("m"), Path.of("rm")));

    @Test
    void theTableIsThePapersColumnsInPercentWithPipesEscaped() {
        assertEquals("""
                | Model | General | Science | Safety | Exaggerated refusals | Code | Training steps | Made of |
                |---|---:|---:|---:|---:|---:|---:|---|
                | General model | 84.0 | 5.0 | 0.0 | 100.0 | 0.0 | 250 | base + general mix |
                | PTM, w = \\|D\\|/\\|G\\| | 81.3 | 50.0 | 90.0 | 75.0 | - | 1,200 | general 1.00, expert-science 0.25 |
                """, DemoReport.table(ROWS));
    }

    @Test
    void theCsvHasFractionsAndQuotesCellsWithCommas() {
        assertEquals("""
                model,group,general,science,safety,exaggerated_refusals_compliance,code,training_steps,made_of
                General model,trained,0.8400,0.0500,0.0000,1.0000,0.0000,250,base + general mix
                "PTM, w = |D|/|G|",PTM (task arithmetic),0.8125,0.5000,0.9000,0.7500,,1200,"general 1.00, expert-science 0.25"
                """, DemoReport.csv(ROWS));
    }

    @Test
    void theConsoleTableAlignsColumns() {
        String[] lines = DemoReport.console(ROWS).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("Model             "), lines[0]);
        assertEquals(lines[0].length(), lines[1].length());
        assertTrue(lines[2].contains("   81.3     50.0     90.0        75.0      -    1200"), lines[2]);
    }
}
