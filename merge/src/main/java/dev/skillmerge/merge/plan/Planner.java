package dev.skillmerge.merge.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.checkpoint.dtype.DType;
import dev.skillmerge.checkpoint.hf.ModelConfig;
import dev.skillmerge.checkpoint.hf.ModelFolder;
import dev.skillmerge.checkpoint.hf.StoredTensor;
import dev.skillmerge.checkpoint.hf.TensorNameOrder;
import dev.skillmerge.checkpoint.tensor.Shape;
import dev.skillmerge.merge.config.InputModel;
import dev.skillmerge.merge.config.MergeConfig;
import dev.skillmerge.merge.config.NearestName;
import dev.skillmerge.merge.config.Parameters;
import dev.skillmerge.merge.config.SliceSource;
import dev.skillmerge.merge.config.SliceSpec;
import dev.skillmerge.merge.method.BaseModelUse;
import dev.skillmerge.merge.method.MergeMethod;
import dev.skillmerge.merge.method.MergeMethods;
import dev.skillmerge.merge.method.ParameterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * Turns a config into a {@link MergePlan}: opens the models, checks the method's needs (base model,
 * number of models, parameter names and ranges, model types, tensor names and shapes) and resolves
 * every parameter for every tensor with mergekit's precedence (slice source > slice > top level; for
 * each level a scalar, a gradient over the slice's layers, or the first matching filter). Every problem
 * is a one-line {@link UserInputException}; nothing is written.
 */
public final class Planner {
    private final MergeConfig config;
    private final MergeOptions options;
    private final MergeMethod method;
    private final Map<String, ModelFolder> models = new LinkedHashMap<>();
    /** For each model+adapter reference, how to read its model's tensors with the adapter merged in. */
    private final Map<String, UnaryOperator<StoredTensor>> adapted = new HashMap<>();

    private Planner(MergeConfig config, MergeOptions options, MergeMethod method) {
        this.config = config;
        this.options = options;
        this.method = method;
    }

    public static MergePlan plan(MergeConfig config, MergeOptions options) throws UserInputException, IOException {
        MergeMethod method;
        try {
            method = MergeMethods.byName(config.mergeMethod());
        } catch (UserInputException e) {
            throw UserInputException.about(config.file(), e.getMessage());
        }
        Planner planner = new Planner(config, options, method);
        try {
            return planner.build();
        } catch (UserInputException | IOException | RuntimeException e) {
            planner.closeModels();
            throw e;
        }
    }

    private void closeModels() throws IOException {
        for (ModelFolder m : models.values()) {
            m.close();
        }
    }

    private MergePlan build() throws UserInputException, IOException {
        checkDtypes();
        checkParameterNames();
        for (String ref : config.modelReferences()) {
            models.put(ref, open(ref));
        }
        Optional<String> baseRef = config.baseModel();
        if (method.baseModel() == BaseModelUse.REQUIRED && baseRef.isEmpty()) {
            throw error("merge_method " + method.name() + " needs base_model");
        }
        ModelFolder reference = models.get(baseRef.orElse(config.usesSlices()
                ? config.slices().getFirst().sources().getFirst().model() : config.models().getFirst().model()));
        checkModelTypes(reference);
        List<PlannedTensor> tensors = config.usesSlices() ? planSlices(reference) : planModels(reference);
        int layers = config.usesSlices() ? config.slices().stream().mapToInt(SliceSpec::layerCount).sum() : layerCount(reference);
        return new MergePlan(config, method, Map.copyOf(models), reference, tokenizerSource(reference), tensors,
                outputConfig(reference, tensors, layers), layers);
    }

    private Path resolve(String ref) {
        Path path = Path.of(ref);
        if (!Files.exists(path) && !path.isAbsolute() && config.file().toAbsolutePath().getParent() != null) {
            Path besideConfig = config.file().toAbsolutePath().getParent().resolve(ref);
            if (Files.exists(besideConfig)) {
                return besideConfig;
            }
        }
        return path;
    }

    /** Opens a model; for a model+adapter reference, the model, whose tensors are then read with the adapter merged in. */
    private ModelFolder open(String ref) throws UserInputException, IOException {
        int plus = adapterSplit(ref);
        if (plus < 0) {
            return ModelFolder.open(resolve(ref));
        }
        AdapterMerge lora = ServiceLoader.load(AdapterMerge.class).findFirst().orElseThrow(() -> error("model '" + ref
                + "': model+adapter inputs need the LoRA support of the skillmerge-taskvectors module on the class path"));
        ModelFolder model = ModelFolder.open(resolve(ref.substring(0, plus)));
        try {
            adapted.put(ref, lora.open(model, resolve(ref.substring(plus + 1))));
        } catch (UserInputException | IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Where a model+adapter reference splits: the first '+' with an existing model before it; -1 for a plain reference. */
    private int adapterSplit(String ref) {
        if (Files.exists(resolve(ref))) {
            return -1;
        }
        for (int plus = ref.indexOf('+'); plus > 0; plus = ref.indexOf('+', plus + 1)) {
            if (Files.exists(resolve(ref.substring(0, plus)))) {
                return plus;
            }
        }
        return -1;
    }

    private void checkDtypes() throws UserInputException {
        for (Optional<DType> d : List.of(config.dtype(), config.outDtype())) {
            if (d.isPresent() && d.get() != DType.F32 && d.get() != DType.BF16 && d.get() != DType.F16) {
                throw error("dtype " + d.get().torchName() + " is not supported for merging; use float32, bfloat16 or float16");
            }
        }
    }

    private void checkParameterNames() throws UserInputException {
        Map<String, ParameterSpec> specs = specs();
        List<String> names = List.copyOf(specs.keySet());
        check(config.parameters(), "top-level parameters", specs, names, true);
        for (int i = 0; i < config.models().size(); i++) {
            check(config.models().get(i).parameters(), "models[" + i + "].parameters", specs, names, false);
        }
        for (int i = 0; i < config.slices().size(); i++) {
            SliceSpec slice = config.slices().get(i);
            check(slice.parameters(), "slices[" + i + "].parameters", specs, names, true);
            for (int j = 0; j < slice.sources().size(); j++) {
                check(slice.sources().get(j).parameters(), "slices[" + i + "].sources[" + j + "].parameters", specs, names, false);
            }
        }
    }

    private void check(Parameters p, String where, Map<String, ParameterSpec> specs, List<String> names, boolean globalAllowed)
            throws UserInputException {
        for (String name : p.values().keySet()) {
            ParameterSpec spec = specs.get(name);
            if (spec == null) {
                throw error(where + ": merge_method " + method.name() + " has no parameter '" + name + "'" + NearestName.hint(name, names));
            }
            if (!spec.perModel() && !globalAllowed) {
                throw error(where + ": '" + name + "' applies to the whole merge; set it under the top-level or slice parameters");
            }
        }
    }

    private Map<String, ParameterSpec> specs() {
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        method.parameters().forEach(s -> specs.put(s.name(), s));
        return specs;
    }

    private void checkModelTypes(ModelFolder reference) throws UserInputException {
        if (options.allowCrimes()) {
            return;
        }
        Optional<String> expected = reference.config().flatMap(ModelConfig::modelType);
        for (Map.Entry<String, ModelFolder> e : models.entrySet()) {
            Optional<String> type = e.getValue().config().flatMap(ModelConfig::modelType);
            if (expected.isPresent() && type.isPresent() && !type.equals(expected)) {
                throw error("model " + e.getKey() + " has model_type " + type.get() + " but " + reference.root() + " has "
                        + expected.get() + "; pass --allow-crimes to merge different architectures anyway");
            }
        }
    }

    /** One source of an output tensor: the model, its parameters at each level, and the layer it reads. */
    private record Source(String ref, List<Parameters> chain, int layer) {
    }

    private List<PlannedTensor> planModels(ModelFolder reference) throws UserInputException {
        List<Source> contributors = new ArrayList<>();
        for (InputModel m : config.models()) {
            if (!method.baseContributes() && config.baseModel().filter(m.model()::equals).isPresent()) {
                continue;
            }
            contributors.add(new Source(m.model(), List.of(m.parameters(), config.parameters()), -1));
        }
        checkModelCount(contributors.size(), "");
        int layers = layerCount(reference);
        List<PlannedTensor> out = new ArrayList<>();
        for (StoredTensor t : reference.tensors()) {
            OptionalInt layer = Layers.indexOf(t.name());
            double position = layer.isPresent() && layers > 1 ? (double) layer.getAsInt() / (layers - 1) : 0;
            out.add(planTensor(t.name(), t.name(), position, contributors, baseSource(-1), List.of(config.parameters()), reference));
        }
        checkExtraTensors(reference, contributors);
        return out;
    }

    private Source baseSource(int layer) {
        if (method.baseModel() == BaseModelUse.IGNORED || config.baseModel().isEmpty()) {
            return null;
        }
        return new Source(config.baseModel().get(), List.of(), layer);
    }

    private List<PlannedTensor> planSlices(ModelFolder reference) throws UserInputException {
        List<PlannedTensor> out = new ArrayList<>();
        List<StoredTensor> outside = reference.tensors().stream().filter(t -> Layers.indexOf(t.name()).isEmpty()).toList();
        List<SliceSpec> slices = config.slices();
        for (StoredTensor t : outside) {
            boolean before = TensorNameOrder.INSTANCE.compare(t.name(), "model.layers.0.") < 0;
            SliceSpec slice = before ? slices.getFirst() : slices.getLast();
            List<Source> contributors = contributors(slice, -1);
            out.add(planTensor(t.name(), t.name(), 0, contributors, sliceBase(slice, -1), List.of(slice.parameters(), config.parameters()), reference));
        }
        int outputLayer = 0;
        for (int s = 0; s < slices.size(); s++) {
            SliceSpec slice = slices.get(s);
            checkModelCount(contributors(slice, 0).size(), "slices[" + s + "]: ");
            SliceSource first = slice.sources().getFirst();
            ModelFolder layout = models.get(first.model());
            for (int j = 0; j < slice.layerCount(); j++) {
                int sourceLayer = first.layerStart() + j;
                double position = slice.layerCount() > 1 ? (double) j / (slice.layerCount() - 1) : 0;
                List<StoredTensor> layerTensors = layout.tensors().stream()
                        .filter(t -> Layers.indexOf(t.name()).orElse(-1) == sourceLayer).toList();
                if (layerTensors.isEmpty()) {
                    throw error("slices[" + s + "]: " + first.model() + " has no layer " + sourceLayer);
                }
                for (StoredTensor t : layerTensors) {
                    String outputName = Layers.renumber(t.name(), outputLayer);
                    out.add(planTensor(outputName, t.name(), position, contributors(slice, j), sliceBase(slice, j),
                            List.of(slice.parameters(), config.parameters()), layout));
                }
                outputLayer++;
            }
        }
        out.sort((a, b) -> TensorNameOrder.INSTANCE.compare(a.name(), b.name()));
        return out;
    }

    private List<Source> contributors(SliceSpec slice, int j) {
        List<Source> out = new ArrayList<>();
        for (SliceSource src : slice.sources()) {
            if (!method.baseContributes() && config.baseModel().filter(src.model()::equals).isPresent()) {
                continue;
            }
            out.add(new Source(src.model(), List.of(src.parameters(), slice.parameters(), config.parameters()), j < 0 ? -1 : src.layerStart() + j));
        }
        return out;
    }

    private Source sliceBase(SliceSpec slice, int j) {
        Source base = baseSource(-1);
        if (base == null || j < 0) {
            return base;
        }
        SliceSource listed = slice.sources().stream().filter(src -> src.model().equals(base.ref())).findFirst().orElse(slice.sources().getFirst());
        return new Source(base.ref(), List.of(), listed.layerStart() + j);
    }

    private void checkModelCount(int count, String where) throws UserInputException {
        if (count < method.minModels() || count > method.maxModels()) {
            String expected = method.minModels() == method.maxModels() ? "exactly " + method.minModels()
                    : method.maxModels() == Integer.MAX_VALUE ? "at least " + method.minModels()
                    : method.minModels() + " to " + method.maxModels();
            throw error(where + "merge_method " + method.name() + " merges " + expected + " model(s)"
                    + (method.baseModel() == BaseModelUse.IGNORED ? "" : " besides the base") + ", got " + count);
        }
    }

    private PlannedTensor planTensor(String outputName, String referenceName, double position, List<Source> contributors,
                                     Source baseSource, List<Parameters> globalChain, ModelFolder reference) throws UserInputException {
        StoredTensor ref = reference.tensor(referenceName).orElseThrow();
        StoredTensor base = baseSource == null ? null : lookup(baseSource, referenceName, null, ref);
        DType outDtype = ref.dtype().isFloatingPoint() ? config.outDtype().or(config::dtype).orElse(ref.dtype()) : ref.dtype();
        if (!ref.dtype().isFloatingPoint()) {
            return new PlannedTensor(outputName, ref.shape(), outDtype, null, List.of(ref), List.of(), Map.of(), true);
        }
        List<StoredTensor> inputs = new ArrayList<>();
        List<Map<String, Double>> modelParameters = new ArrayList<>();
        for (Source src : contributors) {
            inputs.add(lookup(src, referenceName, base, ref));
            modelParameters.add(resolveModelParameters(src, outputName, position));
        }
        Map<String, Double> global = resolveGlobalParameters(globalChain, outputName, position);
        boolean copy = method.name().equals("passthrough") && modelParameters.getFirst().get("scale") == 1.0
                && inputs.getFirst().dtype() == outDtype && inputs.getFirst().shape().equals(ref.shape());
        return new PlannedTensor(outputName, ref.shape(), outDtype, base, inputs, modelParameters, global, copy);
    }

    private StoredTensor lookup(Source src, String referenceName, StoredTensor fallback, StoredTensor ref) throws UserInputException {
        String name = src.layer() < 0 ? referenceName : Layers.renumber(referenceName, src.layer());
        ModelFolder folder = models.get(src.ref());
        Optional<StoredTensor> t = folder.tensor(name).map(adapted.getOrDefault(src.ref(), UnaryOperator.identity()));
        if (t.isEmpty()) {
            if (options.allowMissing() && (fallback != null || ref != null)) {
                return fallback != null ? fallback : ref;
            }
            throw error("tensor '" + name + "' is missing from model " + src.ref() + " (pass --allow-missing to take it from the base)");
        }
        Shape shape = t.get().shape();
        if (!shape.equals(ref.shape())) {
            boolean vocab = shape.rank() == 2 && ref.shape().rank() == 2 && shape.dim(1) == ref.shape().dim(1)
                    && (name.contains("embed") || name.contains("lm_head") || name.contains("wte"));
            if (vocab && options.allowVocabMismatch()) {
                return t.get();
            }
            throw error("tensor '" + name + "' is " + shape + " in " + src.ref() + " but " + ref.shape() + " in " + ref.file().path().getParent()
                    + (vocab ? ": the vocabulary sizes differ; pass --allow-vocab-mismatch to merge the common rows" : ""));
        }
        return t.get();
    }

    private Map<String, Double> resolveModelParameters(Source src, String tensor, double position) throws UserInputException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ParameterSpec spec : method.parameters()) {
            if (spec.perModel()) {
                out.put(spec.name(), resolve(spec, src.chain(), tensor, position, " for model " + src.ref()));
            }
        }
        return out;
    }

    private Map<String, Double> resolveGlobalParameters(List<Parameters> chain, String tensor, double position) throws UserInputException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ParameterSpec spec : method.parameters()) {
            if (!spec.perModel()) {
                out.put(spec.name(), resolve(spec, chain, tensor, position, ""));
            }
        }
        return out;
    }

    private double resolve(ParameterSpec spec, List<Parameters> chain, String tensor, double position, String whose) throws UserInputException {
        for (Parameters level : chain) {
            var value = level.get(spec.name());
            if (value.isPresent()) {
                OptionalDouble v = value.get().valueFor(tensor, position);
                if (v.isPresent()) {
                    Optional<String> problem = spec.problemWith(v.getAsDouble());
                    if (problem.isPresent()) {
                        throw error(problem.get() + whose + " at tensor '" + tensor + "'");
                    }
                    return v.getAsDouble();
                }
            }
        }
        if (spec.defaultValue() == null) {
            throw error("merge_method " + method.name() + " needs '" + spec.name() + "'" + whose + " (no value matches tensor '" + tensor + "')");
        }
        return spec.defaultValue();
    }

    private void checkExtraTensors(ModelFolder reference, List<Source> contributors) throws UserInputException {
        if (options.allowMissing()) {
            return;
        }
        for (Source src : contributors) {
            for (StoredTensor t : models.get(src.ref()).tensors()) {
                if (reference.tensor(t.name()).isEmpty()) {
                    throw error("model " + src.ref() + " has tensor '" + t.name() + "' that " + reference.root()
                            + " lacks (pass --allow-missing to leave it out)");
                }
            }
        }
    }

    private static int layerCount(ModelFolder model) {
        OptionalInt configured = model.config().map(ModelConfig::numHiddenLayers).orElse(OptionalInt.empty());
        if (configured.isPresent()) {
            return configured.getAsInt();
        }
        return model.tensors().stream().map(t -> Layers.indexOf(t.name())).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).max().orElse(-1) + 1;
    }

    private Optional<ModelFolder> tokenizerSource(ModelFolder reference) throws UserInputException, IOException {
        Optional<String> source = config.tokenizerSource();
        if (source.isEmpty() || source.get().equals("base")) {
            return Optional.of(config.baseModel().map(models::get).orElse(reference));
        }
        ModelFolder named = models.get(source.get());
        if (named != null) {
            return Optional.of(named);
        }
        throw error("tokenizer_source '" + source.get() + "' is not supported: use 'base' or one of the input models"
                + (source.get().equals("union") ? " (building a union vocabulary is not implemented)" : ""));
    }

    private ModelConfig outputConfig(ModelFolder reference, List<PlannedTensor> tensors, int layers) {
        ObjectNode json = reference.config().map(ModelConfig::json).orElseGet(dev.skillmerge.checkpoint.hf.Json.MAPPER::createObjectNode);
        if (config.usesSlices()) {
            json.put("num_hidden_layers", layers);
        }
        ModelConfig out = new ModelConfig(json);
        Optional<DType> written = tensors.stream().map(PlannedTensor::outputDtype).filter(DType::isFloatingPoint).findFirst();
        return written.map(out::withTorchDtype).orElse(out);
    }

    private UserInputException error(String problem) {
        return UserInputException.about(config.file(), problem);
    }
}
