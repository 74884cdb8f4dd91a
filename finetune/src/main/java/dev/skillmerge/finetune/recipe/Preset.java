package dev.skillmerge.finetune.recipe;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named recipes. {@link #PAPER} is the one Morrison et al. (2024) train every expert, RT and CFT model with
 * (Tulu 2's: 2 epochs, lr 2e-5, 3% linear warm-up then linear decay to 0, no weight decay, sequences up to
 * 4096 tokens, 128 examples per step, AdamW with PyTorch's defaults, no clipping). Options given on the
 * command line override single fields of a preset.
 */
public enum Preset {
    PAPER(new Recipe(2, 0, 2e-5, 0.03, 0.0, 128, 1, 0.0, 4096, 42, 0.9, 0.999, 1e-8, true));

    private final Recipe recipe;

    Preset(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    public String userName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.userName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: "
                + Arrays.stream(values()).map(Preset::userName).collect(Collectors.joining(", ")) + ")");
    }
}
