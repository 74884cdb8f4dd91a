package dev.skillmerge.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.finetune.testing.Jsonl;
import dev.skillmerge.runtime.chat.ChatMessage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonlFileTest {
    @TempDir
    Path dir;

    @Test
    void chatAndTextLinesBecomeSamplesWithTheirLineNumbers() throws Exception {
        Path file = Jsonl.write(dir.resolve("mix.jsonl"), List.of(
                Jsonl.chat("system", "Be brief.", "user", "Hi", "assistant", "Hello."),
                "",
                "{\"text\": \"Once upon a time.\", \"id\": 7}"));
        List<Sample> samples = JsonlFile.read(file);
        assertEquals(2, samples.size());
        Sample.Conversation c = assertInstanceOf(Sample.Conversation.class, samples.get(0));
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello.")), c.messages());
        assertEquals(file + ":1", c.source().toString());
        Sample.Document d = assertInstanceOf(Sample.Document.class, samples.get(1));
        assertEquals("Once upon a time.", d.text());
        assertEquals(3, d.source().line());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"messages": [                                                          | not valid JSON at column 15: Unexpected end-of-input: expected close marker for Array
            not an object           | [1, 2]                                                                  | a line must be a JSON object with "messages" (chat) or "text" (plain text)
            neither field           | {"prompt": "x"}                                                         | has neither "messages" (chat) nor "text" (plain text)
            empty messages          | {"messages": []}                                                        | "messages" must be a non-empty list of {"role", "content"} objects
            missing role            | {"messages": [{"content": "hi"}]}                                       | message 1 has no "role"
            unknown role            | {"messages": [{"role": "bot", "content": "hi"}]}                        | message 1 has role 'bot'; roles are system, user and assistant
            missing content         | {"messages": [{"role": "user"}]}                                        | message 1 (user) has no "content" string
            empty assistant turn    | {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "  "}]} | message 2 (assistant) is empty; there is nothing to learn from it
            no assistant turn       | {"messages": [{"role": "user", "content": "hi"}]}                       | no assistant message; chat examples train on the assistant's turns
            empty text              | {"text": ""}                                                            | "text" is empty
            text not a string       | {"text": 3}                                                             | "text" must be a string
            """)
    void aBadLineIsReportedWithFileAndLine(String name, String badLine, String problem) throws Exception {
        Path file = Jsonl.write(dir.resolve("bad.jsonl"), List.of(Jsonl.chat("user", "ok", "assistant", "fine"), badLine));
        UserInputException e = assertThrows(UserInputException.class, () -> JsonlFile.read(file));
        assertEquals(file + ":2: " + problem, e.getMessage());
    }

    @Test
    void aMissingFileAndAnEmptyFileAreNamed() throws Exception {
        Path missing = dir.resolve("missing.jsonl");
        assertEquals(missing + ": no such file", assertThrows(UserInputException.class, () -> JsonlFile.read(missing)).getMessage());
        Path empty = Jsonl.write(dir.resolve("empty.jsonl"), List.of("", "  "));
        assertEquals(empty + ": holds no examples", assertThrows(UserInputException.class, () -> JsonlFile.read(empty)).getMessage());
    }
}
