package dev.skillmerge.checkpoint.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.checkpoint.UserInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The restricted unpickler alone, fed hand-written and corrupted pickles. */
class TorchPickleSafetyTest {
    private static final Path FILE = Path.of("model.bin");

    private static byte[] pickle(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertRefused(String pickle, String problem) {
        UserInputException e = assertThrows(UserInputException.class, () -> RestrictedUnpickler.load(FILE, pickle(pickle)));
        assertEquals(FILE + ": " + problem, e.getMessage());
    }

    @Test
    void refusesAForbiddenGlobalNamedThroughStackGlobal() {
        assertRefused("\u0080\u0004\u008c\u0008builtins\u008c\u0004eval\u0093.", "pickle refers to builtins.eval, which a"
                + " weights-only reader does not run; convert the checkpoint to safetensors first");
    }

    @Test
    void escapesANewlineInANameToKeepTheErrorOnOneLine() {
        assertRefused("\u0080\u0004\u008c\u0002os\u008c\u0007sys\ntem\u0093.", "pickle refers to os.sys\\u000atem, which a"
                + " weights-only reader does not run; convert the checkpoint to safetensors first");
    }

    @Test
    void refusesCallingAStorageClass() {
        assertRefused("\u0080\u0002ctorch\nFloatStorage\n)R.",
                "data.pkl calls a torch.FloatStorage, which is not a function a state_dict needs");
    }

    @Test
    void refusesAStorageTypeOfAnUnsupportedDtype() {
        assertRefused("\u0080\u0002ctorch\nComplexFloatStorage\n.", "holds torch.ComplexFloatStorage tensors, a dtype a"
                + " weights-only reader does not read; convert the checkpoint to safetensors first");
    }

    @Test
    void refusesAListThatHoldsItselfAsADictKey() {
        assertRefused("\u0080\u0002]q\u0000h\u0000a}h\u0000Ns.",
                "data.pkl has a dict key that is a list; a state_dict's keys are strings");
    }

    @Test
    void refusesPoppingAnEmptyStack() {
        assertRefused("\u0080\u0002R.", "data.pkl is a malformed pickle (pops more than it pushed)");
    }

    @Test
    void refusesReadingAnUnsetMemoSlot() {
        assertRefused("\u0080\u0002h\u0005.", "data.pkl reads memo slot 5 before storing anything there");
    }

    @Test
    void refusesAPickleWithoutStop() {
        assertRefused("\u0080\u0002}", "data.pkl ends before its STOP opcode (truncated?)");
    }

    @Test
    void refusesAStringLongerThanThePickle() {
        assertRefused("\u0080\u0002X\u00ff\u00ff\u00ff\u007f", "data.pkl ends in the middle of an opcode (truncated?)");
    }

    @Test
    void refusesAPersistentIdThatIsNotAStorage() {
        assertRefused("\u0080\u0002X\u0001\u0000\u0000\u0000xQ.",
                "data.pkl has a persistent id that is not ('storage', type, key, location, numel)");
    }

    @Test
    void dropsTheMetadataThatBuildSetsOnAStateDict() throws Exception {
        Object top = RestrictedUnpickler.load(FILE, pickle("\u0080\u0002ccollections\nOrderedDict\n)R}X\u0001\u0000\u0000\u0000aK\u0001sb."));
        assertEquals(Map.of(), assertInstanceOf(Map.class, top));
    }

    @Test
    void corruptedPicklesGiveEitherAValueOrAOneLineError() throws Exception {
        byte[] original;
        Path fixture = TorchCheckpointTest.fixture("state_dict.bin");
        try (ZipFile zip = new ZipFile(fixture.toFile())) {
            original = zip.getInputStream(zip.getEntry("archive/data.pkl")).readAllBytes();
        }
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] copy = original.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                copy = Arrays.copyOf(copy, random.nextInt(copy.length));
            }
            try {
                RestrictedUnpickler.load(FILE, copy);
            } catch (UserInputException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }
}
