package dev.skillmerge.eval.general;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.eval.data.BundledData;
import dev.skillmerge.eval.data.JsonLine;
import dev.skillmerge.eval.data.Jsonl;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GSM8K (Cobbe et al. 2021) with the standard 8-shot chain-of-thought prompt of Wei et al. 2022: the model
 * continues "Q: ...\nA:" after eight worked exemplars; the answer is right when its final number equals the
 * number after "####" in the reference solution.
 */
public final class Gsm8kHook implements GenerativeHook<MathProblem> {
    /** The eight exemplars of Wei et al. 2022 (Chain-of-Thought Prompting, Appendix, Table 20), verbatim. */
    static final List<String[]> EXEMPLARS = List.of(
            new String[] {"There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there will be 21 trees. How many trees did the grove workers plant today?",
                    "There are 15 trees originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6."},
            new String[] {"If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?",
                    "There are originally 3 cars. 2 more cars arrive. 3 + 2 = 5. The answer is 5."},
            new String[] {"Leah had 32 chocolates and her sister had 42. If they ate 35, how many pieces do they have left in total?",
                    "Originally, Leah had 32 chocolates. Her sister had 42. So in total they had 32 + 42 = 74. After eating 35, they had 74 - 35 = 39. The answer is 39."},
            new String[] {"Jason had 20 lollipops. He gave Denny some lollipops. Now Jason has 12 lollipops. How many lollipops did Jason give to Denny?",
                    "Jason started with 20 lollipops. Then he had 12 after giving some to Denny. So he gave Denny 20 - 12 = 8. The answer is 8."},
            new String[] {"Shawn has five toys. For Christmas, he got two toys each from his mom and dad. How many toys does he have now?",
                    "Shawn started with 5 toys. If he got 2 toys each from his mom and dad, then that is 4 more toys. 5 + 4 = 9. The answer is 9."},
            new String[] {"There were nine computers in the server room. Five more computers were installed each day, from monday to thursday. How many computers are now in the server room?",
                    "There were originally 9 computers. For each of 4 days, 5 more computers were added. So 5 * 4 = 20 computers were added. 9 + 20 is 29. The answer is 29."},
            new String[] {"Michael had 58 golf balls. On tuesday, he lost 23 golf balls. On wednesday, he lost 2 more. How many golf balls did he have at the end of wednesday?",
                    "Michael started with 58 golf balls. After losing 23 on tuesday, he had 58 - 23 = 35. After losing 2 more, he had 35 - 2 = 33 golf balls. The answer is 33."},
            new String[] {"Olivia has $23. She bought five bagels for $3 each. How much money does she have left?",
                    "Olivia had 23 dollars. 5 bagels for 3 dollars each will be 5 x 3 = 15 dollars. So she has 23 - 15 dollars left. 23 - 15 is 8. The answer is 8."});
    /** A new "Q:" means the model has finished its answer and started inventing the next problem. */
    static final List<String> STOP = List.of("\nQ:", "\n\nQ", "</s>", "<|im_end|>");
    private static final String FEW_SHOT = buildFewShot();

    private static String buildFewShot() {
        StringBuilder s = new StringBuilder();
        for (String[] e : EXEMPLARS) {
            s.append("Q: ").append(e[0]).append("\nA: ").append(e[1]).append("\n\n");
        }
        return s.toString();
    }

    @Override
    public String name() {
        return "gsm8k";
    }

    @Override
    public String description() {
        return "GSM8K: 1,319 grade-school math problems, 8-shot chain of thought, final-number exact match";
    }

    /**
     * The bundled test set, or a file of {"question", "answer"} lines where "answer" is a GSM8K solution
     * ending in "#### N" or just the number; an optional "id" names the item (else its line number).
     */
    @Override
    public List<MathProblem> load(HookData data) throws UserInputException, IOException {
        List<JsonLine> lines = data.file().isPresent() ? Jsonl.read(data.file().get()) : BundledData.jsonl("gsm8k/test.jsonl");
        List<MathProblem> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonLine l = lines.get(i);
            String answer = l.node().path("answer").isNumber() ? l.node().get("answer").asText() : l.text("answer");
            int mark = answer.lastIndexOf("####");
            String number = (mark >= 0 ? answer.substring(mark + 4) : answer).strip();
            if (FinalNumber.parse(number).isEmpty()) {
                throw l.problem("\"answer\" must end with \"#### <number>\" or be a number, not \"" + number + "\"");
            }
            out.add(new MathProblem(l.has("id") ? l.id("id") : String.valueOf(i), l.text("question"), number));
        }
        return out;
    }

    @Override
    public Prompt prompt(MathProblem p) {
        return new Prompt.Text(FEW_SHOT + "Q: " + p.question() + "\nA:", STOP, 256);
    }

    @Override
    public Score score(MathProblem p, String output) {
        String answer = Prompt.truncateAtStop(output, STOP);
        BigDecimal gold = FinalNumber.parse(p.answer()).orElseThrow();
        Optional<FinalNumber.Extracted> got = FinalNumber.extract(answer);
        if (got.isEmpty()) {
            return new Score(0, "no number in the answer (expected " + p.answer() + ")", Map.of("strict", false));
        }
        boolean right = got.get().value().compareTo(gold) == 0;
        boolean strict = right && got.get().source() == FinalNumber.Source.STRICT;
        String how = got.get().source() == FinalNumber.Source.STRICT ? "\"The answer is\"" : "last number";
        return new Score(right ? 1 : 0, (right ? "right: " : "wrong: ") + got.get().value().toPlainString() + " by " + how + ", expected " + p.answer(),
                Map.of("strict", strict, "extracted", got.get().value().toPlainString()));
    }

    /** accuracy (primary: strict or last-number extraction) and strict_accuracy ("The answer is N" only). */
    @Override
    public Metrics aggregate(List<ScoredSample<MathProblem>> samples) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("accuracy", samples.stream().mapToDouble(s -> s.score().value()).average().orElse(0));
        v.put("strict_accuracy", samples.stream().mapToDouble(s -> Boolean.TRUE.equals(s.score().details().get("strict")) ? 1 : 0).average().orElse(0));
        v.put("problems", (double) samples.stream().map(s -> s.item().id()).distinct().count());
        return new Metrics("accuracy", v);
    }
}
