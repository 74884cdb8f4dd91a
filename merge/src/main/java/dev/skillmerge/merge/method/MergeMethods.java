package dev.skillmerge.merge.method;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.merge.config.NearestName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every merge method, by the name configs write in {@code merge_method}. Adding a method is one line here. */
public final class MergeMethods {
    private static final Map<String, Supplier<MergeMethod>> REGISTRY = new LinkedHashMap<>();

    static {
        register(Linear::new);
        register(TaskArithmetic::new);
        register(Ties::new);
        register(DareTies::new);
        register(DareLinear::new);
        register(Breadcrumbs::new);
        register(BreadcrumbsTies::new);
        register(Della::new);
        register(DellaLinear::new);
        register(ModelStock::new);
        register(Slerp::new);
        register(NuSlerp::new);
        register(MultiSlerp::new);
        register(Karcher::new);
        register(Sce::new);
        register(NearSwap::new);
        register(Passthrough::new);
    }

    private MergeMethods() {
    }

    private static void register(Supplier<MergeMethod> method) {
        REGISTRY.put(method.get().name(), method);
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    public static MergeMethod byName(String name) throws UserInputException {
        Supplier<MergeMethod> m = REGISTRY.get(name);
        if (m == null) {
            throw new UserInputException("unknown merge_method '" + name + "'" + NearestName.hint(name, names()));
        }
        return m.get();
    }
}
