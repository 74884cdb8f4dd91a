package dev.skillmerge.runtime.llama2c;

import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A llama2.c tokenizer file (tokenizer.bin, from export_tokenizer.py / tokenizer.py): int32 max_token_length,
 * then per token a float32 score, an int32 byte length and the UTF-8 bytes of the piece. Pieces carry real
 * spaces where SentencePiece has "▁"; ids 0, 1, 2 are unk, BOS and EOS, and 3..258 the byte-fallback pieces
 * {@code <0x00>}..{@code <0xFF>}.
 */
public record Llama2cVocabulary(int maxTokenLength, List<String> pieces, float[] scores) {
    public static final int UNK = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int FIRST_BYTE = 3;

    public Llama2cVocabulary {
        pieces = List.copyOf(pieces);
        scores = scores.clone();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    public float score(int id) {
        return scores[id];
    }

    public int size() {
        return pieces.size();
    }

    public static Llama2cVocabulary read(Path path, int vocabSize) throws UserInputException, IOException {
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw UserInputException.about(path, "no such file");
        }
        if (in.remaining() < 4) {
            throw UserInputException.about(path, "is too short for a llama2.c tokenizer");
        }
        int maxTokenLength = in.getInt();
        List<String> pieces = new ArrayList<>(vocabSize);
        float[] scores = new float[vocabSize];
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        for (int i = 0; i < vocabSize; i++) {
            if (in.remaining() < 8) {
                throw UserInputException.about(path, "ends after " + i + " tokens but the model has vocab_size " + vocabSize
                        + "; is it the model's tokenizer?");
            }
            scores[i] = in.getFloat();
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw UserInputException.about(path, "token " + i + " has an impossible length " + length);
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            try {
                pieces.add(utf8.decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                throw UserInputException.about(path, "token " + i + " is not valid UTF-8");
            }
        }
        if (in.hasRemaining()) {
            throw UserInputException.about(path, "holds more than the model's " + vocabSize + " tokens; is it the model's tokenizer?");
        }
        for (int b = 0; b < 256; b++) {
            String expected = String.format("<0x%02X>", b);
            if (vocabSize < FIRST_BYTE + 256 || !pieces.get(FIRST_BYTE + b).equals(expected)) {
                throw UserInputException.about(path, "token " + (FIRST_BYTE + b) + " is not the byte piece " + expected
                        + "; only SentencePiece vocabularies with byte fallback (like Llama 2's) are imported");
            }
        }
        return new Llama2cVocabulary(maxTokenLength, pieces, scores);
    }
}
