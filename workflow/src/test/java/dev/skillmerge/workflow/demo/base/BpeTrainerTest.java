package dev.skillmerge.workflow.demo.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
    @TempDir
    Path dir;

    @Test
    void mergesTheMostFrequentPairFirstAndNeverAcrossWords() {
        // chunks: "▁ab" x3, "▁abc" x1, "▁c" x1; pairs: (▁,a) 4, (a,b) 4, (b,c) 1, (▁,c) 1
        // tie between "▁a" and "ab": the merged string that sorts first wins ("ab" < "▁a")
        BpeTrainer.Vocabulary v = BpeTrainer.train(List.of("ab ab ab abc c"), 7, 1);
        assertEquals(List.of("a", "b", "c", "▁"), v.characters());
        assertEquals("ab", v.merges().get(0)[0] + v.merges().get(0)[1]);
        // then (▁, ab) 4 times; after it every pair left occurs once, so learning stops short of 7 pieces
        assertEquals("▁ab", v.merges().get(1)[0] + v.merges().get(1)[1]);
        assertEquals(List.of("a", "b", "c", "▁", "ab", "▁ab"), v.pieces());
    }

    @Test
    void noPieceSpansALineBreak() {
        String chat = "<|user|>\nGreet Kel.\n<|assistant|>\nHello, Kel!";
        BpeTrainer.Vocabulary v = BpeTrainer.train(java.util.Collections.nCopies(5, chat + "\n\n"), 200, 1);
        for (String piece : v.pieces()) {
            assertEquals(true, !piece.contains("\n") || piece.matches("\n+"), piece);
        }
        assertEquals(true, v.pieces().contains("\n\n"));
        assertEquals(true, v.pieces().contains("<|assistant|>"));
    }

    @Test
    void stopsWhenNoPairRepeats() {
        BpeTrainer.Vocabulary v = BpeTrainer.train(List.of("xy"), 100, 1);
        assertEquals(0, v.merges().size());
    }

    @Test
    void rareCharactersAreLeftToByteFallback() {
        BpeTrainer.Vocabulary v = BpeTrainer.train(List.of("aaaa é"), 10, 2);
        assertEquals(List.of("a", "▁"), v.characters());
    }

    @Test
    void theTokenizerFileEncodesWithTheLearnedPiecesAndDecodesBack() throws Exception {
        BpeTrainer.Vocabulary v = BpeTrainer.train(List.of("ab ab ab abc c", "def f(x):\n    return x"), 40, 1);
        TokenizerFiles.write(v, 64, dir);
        try (TextTokenizer t = TextTokenizer.open(dir)) {
            int ab = TokenizerFiles.FIRST_PIECE + BpeTrainer.ids(v, 0).get("▁ab");
            assertArrayEquals(new int[] {1, ab, ab}, t.encode("ab ab", true));
            for (String s : List.of("ab abc c", "def f(x):\n    return x", "unseen é ü 🙂 text")) {
                assertEquals(s, t.decode(t.encode(s, false)));
            }
            assertEquals(2, t.tokenId("</s>").getAsInt());
        }
    }
}
