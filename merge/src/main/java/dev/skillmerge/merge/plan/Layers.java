package dev.skillmerge.merge.plan;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a tensor sits in the layer stack, from its name ("model.layers.12.mlp..." is layer 12). */
public final class Layers {
    static final Pattern LAYER = Pattern.compile("(^|.*\\.)(?:layers|h|blocks|block)\\.(\\d+)\\.");

    private Layers() {
    }

    public static OptionalInt indexOf(String tensorName) {
        Matcher m = LAYER.matcher(tensorName);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }

    /** The name with its layer number replaced by '*', to group tensors across layers. */
    static String wildcard(String tensorName) {
        Matcher m = LAYER.matcher(tensorName);
        return m.find() ? tensorName.substring(0, m.start(2)) + "*" + tensorName.substring(m.end(2)) : tensorName;
    }

    /** The same tensor name in another layer. */
    static String renumber(String tensorName, int layer) {
        Matcher m = LAYER.matcher(tensorName);
        if (!m.find()) {
            return tensorName;
        }
        return tensorName.substring(0, m.start(2)) + layer + tensorName.substring(m.end(2));
    }
}
