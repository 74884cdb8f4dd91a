package dev.skillmerge.finetune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.finetune.checkpointing.CheckpointStore;
import dev.skillmerge.finetune.data.Example;
import dev.skillmerge.finetune.data.RowBatch;
import dev.skillmerge.finetune.recipe.LearningRateSchedule;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.runtime.model.LlamaModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The training loop. Each step: the trainables are made current, every micro-batch runs forward (the
 * runtime's model, unchanged) and backward under a gradient collector, its loss scaled by -1/N for the
 * step's N learned tokens so the accumulated gradient is that of the step's mean loss; then the global
 * gradient norm is taken, and AdamW updates every trainable with the scheduled rate and the clipping
 * factor. Evaluations and checkpoints follow the step when due. Every array of a micro-batch lives in its
 * own NDScope, so memory stays flat over any number of steps.
 */
public final class Trainer {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final LlamaModel model;
    private final TrainableParameters parameters;
    private final AdamW optimizer;
    private final Recipe recipe;
    private final StepPlan plan;
    private final LearningRateSchedule schedule;
    private final GradientClipping clipping;
    private final List<Example> evaluationSet;
    private final long evaluateEvery;
    private final Optional<CheckpointStore> checkpoints;
    private final long checkpointEvery;
    private final TrainingListener listener;

    /**
     * @param evaluateEvery   steps between evaluations of {@code evaluationSet} (0: at the end of each epoch only)
     * @param checkpointEvery steps between checkpoints (0: none)
     */
    public Trainer(LlamaModel model, TrainableParameters parameters, Recipe recipe, StepPlan plan, List<Example> evaluationSet,
                   long evaluateEvery, Optional<CheckpointStore> checkpoints, long checkpointEvery, TrainingListener listener) {
        this.model = model;
        this.parameters = parameters;
        this.recipe = recipe;
        this.plan = plan;
        this.evaluationSet = List.copyOf(evaluationSet);
        this.evaluateEvery = evaluateEvery;
        this.checkpoints = checkpoints;
        this.checkpointEvery = checkpointEvery;
        this.listener = listener;
        this.schedule = LearningRateSchedule.of(recipe.learningRate(), plan.totalSteps(), recipe.warmupRatio());
        this.clipping = new GradientClipping(recipe.maxGradNorm());
        this.optimizer = new AdamW(parameters.trainables(), recipe.beta1(), recipe.beta2(), recipe.epsilon(), recipe.weightDecay(),
                model.manager());
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public StepPlan plan() {
        return plan;
    }

    /** Restores a checkpoint's trainables and moments and returns the state to continue from. */
    public TrainingState resume(CheckpointStore.Checkpoint checkpoint) throws UserInputException, IOException {
        checkpoint.restore(parameters.trainables(), optimizer);
        return checkpoint.state();
    }

    /** Trains from {@code state} to the plan's last step; the trainables hold the result. */
    public TrainingState run(TrainingState state) throws UserInputException, IOException {
        Engine engine = model.manager().getEngine();
        double before = state.seconds();
        long started = System.nanoTime();
        for (long step = state.step(); step < plan.totalSteps(); step++) {
            long stepStarted = System.nanoTime();
            long cpuStarted = CPU.getCurrentThreadCpuTime();
            List<List<Example>> microBatches = plan.microBatches(step, recipe.gradientAccumulation());
            int stepTrained = microBatches.stream().flatMap(List::stream).mapToInt(Example::trainedTokens).sum();
            parameters.prepare();
            double loss = 0;
            int tokens = 0;
            for (List<Example> examples : microBatches) {
                RowBatch batch = RowBatch.of(examples, recipe.pack());
                try (NDScope scope = new NDScope(); GradientCollector collector = engine.newGradientCollector()) {
                    NDArray microLoss = TokenLoss.of(model, batch, model.manager(), -1f / stepTrained);
                    collector.backward(microLoss);
                    loss += microLoss.getFloat();
                }
                tokens += batch.tokens();
            }
            if (!Double.isFinite(loss)) {
                throw new UserInputException(String.format(Locale.ROOT, "the loss became %s at step %d: training diverged; lower --lr"
                        + " or clip gradients with --max-grad-norm", loss, step + 1));
            }
            double learningRate = schedule.at(step);
            double norm;
            try (NDScope scope = new NDScope()) {
                List<NDArray> gradients = parameters.gradients();
                norm = GradientClipping.norm(gradients);
                optimizer.update(gradients, learningRate, clipping.factor(norm));
            }
            parameters.clearGradients();
            long now = System.nanoTime();
            StepReport report = new StepReport(step + 1, plan.totalSteps(), plan.epochOf(step), loss, learningRate, norm, tokens, stepTrained,
                    (now - stepStarted) / 1e9, (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1e9, before + (now - started) / 1e9);
            state = state.after(report);
            listener.onStep(report);
            boolean epochEnd = (step + 1) % plan.stepsPerEpoch() == 0 || step + 1 == plan.totalSteps();
            if (!evaluationSet.isEmpty() && (epochEnd || (evaluateEvery > 0 && (step + 1) % evaluateEvery == 0))) {
                state = state.withEvalLoss(evaluate());
                listener.onEvaluation(step + 1, state.lastEvalLoss());
            }
            if (checkpoints.isPresent() && checkpointEvery > 0 && (step + 1) % checkpointEvery == 0 && step + 1 < plan.totalSteps()) {
                listener.onCheckpoint(step + 1, checkpoints.get().save(state, parameters.trainables(), optimizer));
            }
        }
        parameters.prepare();
        return state;
    }

    /** The mean loss over the evaluation set with the current trainables. */
    public double evaluate() {
        parameters.prepare();
        return Evaluation.meanLoss(model, evaluationSet, recipe.microBatchSize(), recipe.pack());
    }
}
