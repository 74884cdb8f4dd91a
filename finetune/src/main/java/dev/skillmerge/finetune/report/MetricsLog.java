package dev.skillmerge.finetune.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.checkpoint.hf.Json;
import dev.skillmerge.finetune.train.StepReport;
import dev.skillmerge.finetune.train.TrainingListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The metrics of a run as JSON lines, one per step and one per evaluation, written as they happen so a
 * running job can be followed (tail -f, a notebook):
 * <pre>
 * {"step":12,"epoch":0,"loss":2.31,"learning_rate":1.9e-05,"grad_norm":0.84,"tokens":4096,"trained_tokens":1210,
 *  "step_seconds":0.21,"step_cpu_seconds":0.2,"tokens_per_second":19500.0,"elapsed_seconds":2.6}
 * {"step":12,"eval_loss":2.27}
 * </pre>
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {
    private final FileChannel channel;

    private MetricsLog(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens {@code file} for appending after cutting it back to {@code keepBytes} (a resumed run's checkpoint point). */
    public static MetricsLog open(Path file, long keepBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(keepBytes);
        channel.position(keepBytes);
        return new MetricsLog(channel);
    }

    @Override
    public void onStep(StepReport r) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("step", r.step());
        o.put("epoch", r.epoch());
        o.put("loss", r.loss());
        o.put("learning_rate", r.learningRate());
        o.put("grad_norm", r.gradientNorm());
        o.put("tokens", r.tokens());
        o.put("trained_tokens", r.trainedTokens());
        o.put("step_seconds", r.seconds());
        o.put("step_cpu_seconds", r.cpuSeconds());
        o.put("tokens_per_second", r.tokens() / r.seconds());
        o.put("elapsed_seconds", r.elapsed());
        append(o);
    }

    @Override
    public void onEvaluation(long step, double loss) throws IOException {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("step", step);
        o.put("eval_loss", loss);
        append(o);
    }

    private void append(ObjectNode line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
