package dev.skillmerge.workflow.demo.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.eval.hook.BenchmarkItem;
import dev.skillmerge.eval.hook.GenerativeHook;
import dev.skillmerge.eval.hook.HookData;
import dev.skillmerge.eval.hook.Metrics;
import dev.skillmerge.eval.hook.Prompt;
import dev.skillmerge.eval.hook.Score;
import dev.skillmerge.eval.hook.ScoredSample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoizedHookTest {
    record Item(String id) implements BenchmarkItem {
    }

    @Test
    void theSameOutputForTheSameItemIsScoredOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GenerativeHook<Item> counting = new GenerativeHook<>() {
            public String name() {
                return "count";
            }

            public String description() {
                return "counts";
            }

            public List<Item> load(HookData data) {
                return List.of();
            }

            public Prompt prompt(Item item) {
                return new Prompt.Text(item.id(), List.of(), 8);
            }

            public Score score(Item item, String output) {
                calls.incrementAndGet();
                return new Score(output.length() / 10.0, "len", Map.of());
            }

            public Metrics aggregate(List<ScoredSample<Item>> samples) {
                return new Metrics("n", Map.of("n", (double) samples.size()));
            }
        };
        MemoizedHook<Item> memo = new MemoizedHook<>(counting);
        assertEquals(0.3, memo.score(new Item("a"), "abc").value());
        assertEquals(0.3, memo.score(new Item("a"), "abc").value());
        assertEquals(0.2, memo.score(new Item("a"), "ab").value());
        assertEquals(0.3, memo.score(new Item("b"), "abc").value());
        assertEquals(3, calls.get());
        assertEquals(3, memo.computed());
    }
}
