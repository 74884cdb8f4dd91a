package dev.skillmerge.checkpoint.testing;

import static dev.skillmerge.checkpoint.testing.RawSafetensors.entry;
import static dev.skillmerge.checkpoint.testing.RawSafetensors.f32;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Broken checkpoints, one defect each, with the words their error message must contain. Shared by the
 * reader's tests and the CLI's exit-code tests.
 */
public final class MalformedCorpus {
    @FunctionalInterface
    public interface Builder {
        /** Builds the broken input inside {@code dir} and returns the path to pass as MODEL. */
        Path build(Path dir) throws IOException;
    }

    public record Case(String name, Builder builder, String expectedMessage) {
        @Override
        public String toString() {
            return name;
        }
    }

    private MalformedCorpus() {
    }

    private static final String GOOD_A = entry("a", "F32", "[2]", 0, 8);

    public static List<Case> cases() {
        return List.of(
                new Case("file shorter than the length prefix", dir -> write(dir, "model.safetensors", new byte[] {1, 2, 3}),
                        "file is 3 bytes, too short for a safetensors header"),
                new Case("absurd header length", dir -> RawSafetensors.write(dir.resolve("model.safetensors"), 1L << 40, new byte[0], new byte[16]),
                        "header length 1099511627776 is absurd"),
                new Case("header length past end of file", dir -> RawSafetensors.write(dir.resolve("model.safetensors"), 500, "{}".getBytes(), new byte[0]),
                        "header length 500 runs past the end of the 10-byte file"),
                new Case("malformed JSON", dir -> file(dir, "{\"a\":{\"dtype\":\"F32\",", f32()),
                        "safetensors header is not valid JSON"),
                new Case("header is not an object", dir -> file(dir, "[1,2,3]", f32()),
                        "safetensors header is not a JSON object"),
                new Case("empty header", dir -> file(dir, "", f32()),
                        "safetensors header is empty"),
                new Case("unknown dtype", dir -> file(dir, "{" + entry("a", "F128", "[2]", 0, 8) + "}", f32(1, 2)),
                        "tensor 'a' has unknown dtype 'F128'"),
                new Case("shape and byte range disagree", dir -> file(dir, "{" + entry("a", "F32", "[2,2]", 0, 8) + "}", f32(1, 2)),
                        "tensor 'a' has shape [2, 2] of F32 needing 16 bytes, but its data_offsets span 8"),
                new Case("truncated data", dir -> file(dir, "{" + GOOD_A + "," + entry("b", "F32", "[2]", 8, 16) + "}", f32(1, 2, 3)),
                        "tensor 'b' has data_offsets [8, 16] outside the data section of 12 bytes"),
                new Case("overlapping ranges", dir -> file(dir, "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", f32(1, 2, 3)),
                        "tensors 'a' and 'b' overlap at bytes 4..8"),
                new Case("gap between ranges", dir -> file(dir, "{" + GOOD_A + "," + entry("b", "F32", "[1]", 12, 16) + "}", f32(1, 2, 3, 4)),
                        "gap of 4 unused bytes before tensor 'b'"),
                new Case("bytes after the last tensor", dir -> file(dir, "{" + GOOD_A + "}", f32(1, 2, 3)),
                        "4 unused bytes after the last tensor 'a'"),
                new Case("duplicate tensor name", dir -> file(dir, "{" + GOOD_A + "," + GOOD_A + "}", f32(1, 2)),
                        "safetensors header names a tensor twice: 'a'"),
                new Case("non-string metadata value", dir -> file(dir, "{\"__metadata__\":{\"step\":5}," + GOOD_A + "}", f32(1, 2)),
                        "__metadata__ value of 'step' is not a string"),
                new Case("metadata not an object", dir -> file(dir, "{\"__metadata__\":\"pt\"," + GOOD_A + "}", f32(1, 2)),
                        "__metadata__ is not a JSON object"),
                new Case("missing data_offsets", dir -> file(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", f32(1, 2)),
                        "tensor 'a' has no data_offsets (a list of 2 integers)"),
                new Case("negative dimension", dir -> file(dir, "{" + entry("a", "F32", "[-2]", 0, 8) + "}", f32(1, 2)),
                        "tensor 'a' has shape entry -2 that is not a non-negative integer"),
                new Case("offsets end before they begin", dir -> file(dir, "{" + entry("a", "F32", "[0]", 8, 0) + "}", f32(1, 2)),
                        "tensor 'a' has data_offsets [8, 0] that end before they begin"),
                new Case("tensor entry not an object", dir -> file(dir, "{\"a\":[1,2]}", f32()),
                        "tensor 'a' is not a JSON object"),
                new Case("missing shard", dir -> {
                    shard(dir, "model-00001-of-00002.safetensors", "a");
                    index(dir, "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"");
                    return dir;
                }, "shard model-00002-of-00002.safetensors (holding 'b') is missing"),
                new Case("tensor stored in two shards", dir -> {
                    shard(dir, "model-00001-of-00002.safetensors", "a");
                    shard(dir, "model-00002-of-00002.safetensors", "a");
                    index(dir, "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"");
                    return dir;
                }, "tensor 'a' is stored in both model-00001-of-00002.safetensors and model-00002-of-00002.safetensors"),
                new Case("index points to an absent tensor", dir -> {
                    shard(dir, "model-00001-of-00001.safetensors", "a");
                    index(dir, "\"a\":\"model-00001-of-00001.safetensors\",\"ghost\":\"model-00001-of-00001.safetensors\"");
                    return dir;
                }, "maps 'ghost' to model-00001-of-00001.safetensors, which does not contain it"),
                new Case("shard holds a tensor the index omits", dir -> {
                    RawSafetensors.write(dir.resolve("model-00001-of-00001.safetensors"),
                            "{" + GOOD_A + "," + entry("b", "F32", "[1]", 8, 12) + "}", f32(1, 2, 3));
                    index(dir, "\"a\":\"model-00001-of-00001.safetensors\"");
                    return dir;
                }, "does not list tensor 'b' that model-00001-of-00001.safetensors holds"),
                new Case("index maps a tensor to the wrong shard", dir -> {
                    shard(dir, "model-00001-of-00002.safetensors", "a");
                    shard(dir, "model-00002-of-00002.safetensors", "b");
                    index(dir, "\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00001-of-00002.safetensors\","
                            + "\"c\":\"model-00002-of-00002.safetensors\"");
                    return dir;
                }, "maps 'b' to model-00001-of-00002.safetensors but it is stored in model-00002-of-00002.safetensors"),
                new Case("index points outside the folder", dir -> {
                    index(dir, "\"a\":\"../elsewhere.safetensors\"");
                    return dir;
                }, "weight_map entry 'a' points outside the folder: ../elsewhere.safetensors"),
                new Case("index without weight_map", dir -> {
                    shard(dir, "model-00001-of-00001.safetensors", "a");
                    Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\":{}}");
                    return dir;
                }, "has no weight_map object"),
                new Case("malformed index JSON", dir -> {
                    Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"weight_map\": {");
                    return dir;
                }, "model.safetensors.index.json: not valid JSON"),
                new Case("malformed config.json", dir -> {
                    shard(dir, "model.safetensors", "a");
                    Files.writeString(dir.resolve("config.json"), "{\"model_type\": llama}");
                    return dir;
                }, "config.json: not valid JSON"),
                new Case("folder without weights", dir -> {
                    Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
                    return dir;
                }, "no model weights: expected model.safetensors, model.safetensors.index.json or pytorch_model.bin"),
                new Case("several safetensors files and no index", dir -> {
                    shard(dir, "part1.safetensors", "a");
                    shard(dir, "part2.safetensors", "b");
                    return dir;
                }, "2 .safetensors files but no model.safetensors.index.json"),
                new Case("no such folder", dir -> dir.resolve("missing"), "no such file or folder"));
    }

    private static Path file(Path dir, String header, byte[] data) throws IOException {
        return RawSafetensors.write(dir.resolve("model.safetensors"), header, data);
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static void shard(Path dir, String fileName, String tensor) throws IOException {
        RawSafetensors.write(dir.resolve(fileName), "{" + entry(tensor, "F32", "[2]", 0, 8) + "}", f32(1, 2));
    }

    private static void index(Path dir, String weightMap) throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\":{\"total_size\":16},\"weight_map\":{" + weightMap + "}}", StandardCharsets.UTF_8);
    }
}
