package dev.skillmerge.finetune.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;

/**
 * Where a run stands between steps: what a checkpoint records beside the weights and optimizer moments.
 * Nothing random needs saving: the data order is a function of (seed, epoch) and nothing else draws
 * random numbers after the adapters are initialized (no dropout), so the step count determines the rest.
 *
 * @param step         optimizer steps done
 * @param seconds      wall time spent training so far, over every session of a resumed run
 * @param lastEvalLoss NaN until an evaluation ran
 */
public record TrainingState(long step, long tokens, long trainedTokens, double seconds, double lastLoss, double lastEvalLoss) {
    public static final TrainingState START = new TrainingState(0, 0, 0, 0, Double.NaN, Double.NaN);

    public TrainingState after(StepReport r) {
        return new TrainingState(r.step(), tokens + r.tokens(), trainedTokens + r.trainedTokens(), r.elapsed(), r.loss(), lastEvalLoss);
    }

    public TrainingState withEvalLoss(double loss) {
        return new TrainingState(step, tokens, trainedTokens, seconds, lastLoss, loss);
    }

    public ObjectNode json() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("step", step);
        o.put("tokens", tokens);
        o.put("trained_tokens", trainedTokens);
        o.put("seconds", seconds);
        putFinite(o, "last_loss", lastLoss);
        putFinite(o, "last_eval_loss", lastEvalLoss);
        return o;
    }

    /** JSON has no NaN: an unknown value is written as null. */
    static void putFinite(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    public static TrainingState fromJson(JsonNode o) {
        return new TrainingState(o.path("step").asLong(), o.path("tokens").asLong(), o.path("trained_tokens").asLong(),
                o.path("seconds").asDouble(), finite(o.path("last_loss")), finite(o.path("last_eval_loss")));
    }

    private static double finite(JsonNode n) {
        return n.isNumber() ? n.doubleValue() : Double.NaN;
    }
}
