package dev.skillmerge.taskvectors.compress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.checkpoint.tensor.Shape;
import java.util.List;
import java.util.Locale;

/**
 * How much of a task vector a LoRA adapter keeps: per compressed tensor the retained energy
 * (sum of kept sigma^2 over ||tau||_F^2) and relative error ||tau - B A||_F / ||tau||_F; overall the same
 * over all compressed tensors, and over the whole vector counting the tensors LoRA cannot hold (1-D
 * norms and biases) as lost.
 */
public record CompressionReport(int rank, List<TensorFigures> tensors, List<LeftOut> leftOut) {
    public CompressionReport {
        tensors = List.copyOf(tensors);
        leftOut = List.copyOf(leftOut);
    }

    public record TensorFigures(String name, Shape shape, double squaredNorm, double capturedSquares) {
        public double retainedEnergy() {
            return squaredNorm == 0 ? 1 : Math.min(1, capturedSquares / squaredNorm);
        }

        public double relativeError() {
            return squaredNorm == 0 ? 0 : Math.sqrt(Math.max(0, squaredNorm - capturedSquares) / squaredNorm);
        }
    }

    /** A tensor with no LoRA form, and its squared norm, all of it lost. */
    public record LeftOut(String name, Shape shape, double squaredNorm) {
    }

    private double compressedSquares() {
        return tensors.stream().mapToDouble(TensorFigures::squaredNorm).sum();
    }

    private double captured() {
        return tensors.stream().mapToDouble(TensorFigures::capturedSquares).sum();
    }

    private double leftOutSquares() {
        return leftOut.stream().mapToDouble(LeftOut::squaredNorm).sum();
    }

    public double retainedEnergy() {
        double total = compressedSquares();
        return total == 0 ? 1 : Math.min(1, captured() / total);
    }

    public double relativeError() {
        double total = compressedSquares();
        return total == 0 ? 0 : Math.sqrt(Math.max(0, total - captured()) / total);
    }

    /** Over the whole task vector, the left-out tensors counting as lost. */
    public double retainedEnergyOfVector() {
        double total = compressedSquares() + leftOutSquares();
        return total == 0 ? 1 : Math.min(1, captured() / total);
    }

    public double relativeErrorOfVector() {
        double total = compressedSquares() + leftOutSquares();
        return total == 0 ? 0 : Math.sqrt(Math.max(0, total - captured()) / total);
    }

    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-10s %-10s %-16s %s%n", "retained", "rel error", "shape", "tensor"));
        for (TensorFigures t : tensors) {
            s.append(String.format(Locale.ROOT, "%-10s %-10.3e %-16s %s%n", percent(t.retainedEnergy()), t.relativeError(), t.shape(), t.name()));
        }
        s.append(String.format(Locale.ROOT, "rank %d over %d tensors: retained energy %s, relative error %.3e%n", rank, tensors.size(),
                percent(retainedEnergy()), relativeError()));
        if (!leftOut.isEmpty()) {
            s.append(String.format(Locale.ROOT, "left out (no LoRA form): %d tensors; over the whole task vector: retained energy %s,"
                    + " relative error %.3e%n", leftOut.size(), percent(retainedEnergyOfVector()), relativeErrorOfVector()));
        }
        return s.toString();
    }

    public ObjectNode json() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("rank", rank);
        root.put("retained_energy", retainedEnergy());
        root.put("relative_error", relativeError());
        root.put("retained_energy_of_vector", retainedEnergyOfVector());
        root.put("relative_error_of_vector", relativeErrorOfVector());
        ArrayNode list = root.putArray("tensors");
        for (TensorFigures t : tensors) {
            list.addObject().put("name", t.name()).put("retained_energy", t.retainedEnergy()).put("relative_error", t.relativeError());
        }
        ArrayNode out = root.putArray("left_out");
        for (LeftOut t : leftOut) {
            out.addObject().put("name", t.name()).put("squared_norm", t.squaredNorm());
        }
        return root;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.4f%%", 100 * fraction);
    }
}
