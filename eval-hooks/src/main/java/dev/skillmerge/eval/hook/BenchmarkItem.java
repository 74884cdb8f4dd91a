package dev.skillmerge.eval.hook;

/** One problem of a benchmark, identified by the benchmark's own id (e.g. "HumanEval/0", XSTest "17"). */
public interface BenchmarkItem {
    String id();
}
