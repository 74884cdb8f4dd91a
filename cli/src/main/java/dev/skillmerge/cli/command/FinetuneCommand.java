package dev.skillmerge.cli.command;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.cli.option.FloatDTypeConverter;
import dev.skillmerge.finetune.data.DatasetSpec;
import dev.skillmerge.finetune.data.LongExamples;
import dev.skillmerge.finetune.recipe.Preset;
import dev.skillmerge.finetune.recipe.Recipe;
import dev.skillmerge.finetune.run.FinetuneRun;
import dev.skillmerge.finetune.run.FinetuneSettings;
import dev.skillmerge.finetune.run.TemplateChoice;
import dev.skillmerge.finetune.train.LoraSettings;
import dev.skillmerge.finetune.train.TrainingListener;
import dev.skillmerge.runtime.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a Llama-family model on chat or plain-text JSONL: an expert on one",
                "skill's data, RT on the general mix plus skills (several --data with weights),",
                "CFT from the general model, or pre-training of a model made by init.",
                "Chat lines {\"messages\": [{\"role\", \"content\"}, ...]} learn the assistant",
                "turns only, rendered with the model's chat template (else the built-in Tulu",
                "one); text lines {\"text\": ...} learn every token.",
                "The recipe defaults to the paper's (--preset paper: 2 epochs, lr 2e-5, 3%%",
                "warm-up then linear decay, no weight decay, 128 examples per step, sequences",
                "up to 4096); each option overrides one field.",
                "The output is a Hugging Face folder (a PEFT adapter with --lora) with",
                "training.json (base fingerprint, data sizes, steps, tokens, time) and",
                "metrics.jsonl. Progress goes to stderr; checkpoints to OUT.checkpoints, and",
                "--resume continues an interrupted run to the result it would have had."},
        footer = {"", "Examples:",
                "  skillmerge finetune --model ./base --data science.jsonl -o ./experts/science",
                "  skillmerge finetune --model ./base --data general.jsonl --data science.jsonl:0.5 -o ./rt",
                "  skillmerge finetune --model ./base --data code.jsonl --lora 16 --lora-targets all-linear -o ./code-adapter",
                "  skillmerge finetune --model ./tiny --data stories.jsonl --lr 1e-3 --batch-size 32 --max-seq-len 256 -o ./pretrained",
                "  skillmerge finetune --model ./base --data science.jsonl -o ./experts/science --resume",
                "", "GPU: build with mvn -Pgpu -DskipTests package (CUDA 12.4 natives) and pass",
                "--device gpu (auto takes a GPU when PyTorch sees one)."})
public final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BASE", description = "The model to start from (a Hugging Face folder).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE[:WEIGHT]",
            description = "Training JSONL, repeatable; WEIGHT scales its share of an epoch (0.5: a fixed half, 2: twice; default 1).")
    List<String> data = new ArrayList<>();

    @Option(names = "--eval-data", paramLabel = "FILE", description = "Held-out JSONL for the evaluation loss (repeatable).")
    List<Path> evalData = new ArrayList<>();

    @Option(names = "--eval-split", paramLabel = "FRACTION", defaultValue = "0",
            description = "Hold out this fraction of each --data file for evaluation (default: ${DEFAULT-VALUE}).")
    double evalSplit;

    @Option(names = "--eval-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Evaluate every STEPS steps as well as after each epoch (default: after each epoch only).")
    long evalEvery;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output folder; written to a temporary sibling and moved into place when complete.")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it exists, and discard the checkpoints of an earlier run.")
    boolean force;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "paper", description = "The recipe the options below change (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (paper: 2).")
    Integer epochs;

    @Option(names = "--max-steps", paramLabel = "N", description = "Train exactly N steps instead of whole epochs.")
    Long maxSteps;

    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (paper: 2e-5; small models learn faster with 1e-4 to 1e-3).")
    Double learningRate;

    @Option(names = "--warmup-ratio", paramLabel = "F", description = "Fraction of steps of linear warm-up before the linear decay to 0 (paper: 0.03).")
    Double warmupRatio;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "AdamW's decoupled weight decay on matrices (paper: 0).")
    Double weightDecay;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per optimizer step (paper: 128).")
    Integer batchSize;

    @Option(names = "--grad-accum", paramLabel = "K", description = "Split each step into K micro-batches to save memory; same result (default: 1).")
    Integer accumulation;

    @Option(names = "--max-grad-norm", paramLabel = "NORM", description = "Clip the global gradient norm (paper: no clipping, 0).")
    Double maxGradNorm;

    @Option(names = "--max-seq-len", paramLabel = "N", description = "Longest example in positions, at most the model's context (paper: 4096).")
    Integer maxSeqLen;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data order, held-out split and LoRA init (default: 42).")
    Long seed;

    @Option(names = "--no-packing", description = "One example per row instead of packing short ones together (same result, slower).")
    boolean noPacking;

    @Option(names = "--skip-long", description = "Leave out chat examples longer than --max-seq-len instead of stopping at the first.")
    boolean skipLong;

    @Option(names = "--chat-template", paramLabel = "NAME", defaultValue = "model",
            description = "model (the model's own, else Tulu) or tulu (default: ${DEFAULT-VALUE}).")
    String chatTemplate;

    @Option(names = "--lora", paramLabel = "R", description = "Train a rank-R LoRA adapter instead of every weight; writes a PEFT adapter folder.")
    Integer loraRank;

    @Option(names = "--lora-alpha", paramLabel = "ALPHA", description = "LoRA's alpha; the update is scaled by alpha / R (default: R).")
    Double loraAlpha;

    @Option(names = "--lora-targets", paramLabel = "LIST", defaultValue = "q_proj,v_proj",
            description = "Projections to adapt, comma-separated, or all-linear (default: ${DEFAULT-VALUE}, PEFT's for Llama).")
    String loraTargets;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "500",
            description = "Save a checkpoint every STEPS steps, 0 for none (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Where checkpoints and live metrics go (default: OUT.checkpoints).")
    Path checkpointDir;

    @Option(names = "--keep-checkpoints", description = "Keep the checkpoint folder after the run succeeds.")
    boolean keepCheckpoints;

    @Option(names = "--resume", description = "Continue from the newest checkpoint of this same run.")
    boolean resume;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "float32", converter = FloatDTypeConverter.class,
            description = "Dtype of the written weights (default: ${DEFAULT-VALUE}; small updates vanish in bf16).")
    DType dtype;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (a GPU when PyTorch sees one), cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0", description = "PyTorch threads on CPU (default: one per core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        FinetuneRun.Result result = FinetuneRun.run(settings(), new TrainingListener() { });
        System.out.println(result.output());
        return 0;
    }

    FinetuneSettings settings() throws UserInputException {
        List<DatasetSpec> specs = new ArrayList<>();
        for (String d : data) {
            specs.add(DatasetSpec.parse(d));
        }
        try {
            Optional<LoraSettings> lora = loraRank == null ? Optional.empty()
                    : Optional.of(new LoraSettings(loraRank, loraAlpha != null ? loraAlpha : loraRank, LoraSettings.parseTargets(loraTargets)));
            return new FinetuneSettings(model, specs, evalData, evalSplit, evalEvery, recipe(), lora, template(), skipLong ? LongExamples.SKIP
                    : LongExamples.FAIL, output, force, checkpointDir != null ? checkpointDir : FinetuneSettings.defaultCheckpointDir(output),
                    checkpointEvery, keepCheckpoints, resume, device(), threads, dtype);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** The preset with every option the user gave in its place. */
    Recipe recipe() {
        Recipe p = Preset.parse(preset).recipe();
        return new Recipe(or(epochs, p.epochs()), or(maxSteps, p.maxSteps()), or(learningRate, p.learningRate()), or(warmupRatio, p.warmupRatio()),
                or(weightDecay, p.weightDecay()), or(batchSize, p.batchSize()), or(accumulation, p.gradientAccumulation()),
                or(maxGradNorm, p.maxGradNorm()), or(maxSeqLen, p.maxSeqLen()), or(seed, p.seed()), p.beta1(), p.beta2(), p.epsilon(),
                p.pack() && !noPacking);
    }

    private static <T> T or(T given, T preset) {
        return given != null ? given : preset;
    }

    private TemplateChoice template() {
        return switch (chatTemplate.toLowerCase(Locale.ROOT)) {
            case "model" -> TemplateChoice.MODEL;
            case "tulu" -> TemplateChoice.TULU;
            default -> throw new IllegalArgumentException("--chat-template must be model or tulu, not '" + chatTemplate + "'");
        };
    }

    private DeviceChoice device() {
        return switch (device) {
            case "auto" -> DeviceChoice.AUTO;
            case "cpu" -> DeviceChoice.CPU;
            case "gpu" -> DeviceChoice.GPU;
            default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu, not '" + device + "'");
        };
    }
}
