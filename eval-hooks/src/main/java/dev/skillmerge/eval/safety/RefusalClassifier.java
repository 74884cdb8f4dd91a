package dev.skillmerge.eval.safety;

import java.io.IOException;

/** Decides whether a response complies with, refuses, or partly refuses the request it answers. */
public interface RefusalClassifier {
    /** The class and a one-line reason (which phrase or rule decided). */
    record Verdict(ResponseClass responseClass, String reason) {
    }

    Verdict classify(String request, String response) throws IOException, InterruptedException;

    String describe();
}
