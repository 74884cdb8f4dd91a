package dev.skillmerge.runtime.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skillmerge.runtime.testing.Stories260K;
import dev.skillmerge.runtime.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTokensTest {
    @Test
    void onlyTheAssistantsTurnsAndTheirEndOfTurnTokensAreMarked() throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.open(Stories260K.imported())) {
            ChatTemplate tulu = ChatTemplate.tulu("<s>", "</s>");
            List<ChatMessage> messages = List.of(ChatMessage.system("Be kind."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello there"),
                    ChatMessage.user("Bye"), ChatMessage.assistant("See you"));
            ChatTokens tokens = ChatTokens.of(tulu, tokenizer, messages);
            assertEquals(tokenizer.encode(tulu.render(messages, false), true).length, tokens.ids().length);
            List<int[]> runs = markedRuns(tokens);
            assertEquals(2, runs.size());
            int eos = tokenizer.tokenId("</s>").getAsInt();
            assertEquals(List.of("Hello there", "See you"), runs.stream().map(tokenizer::decode).toList());
            // each turn ends with the template's end-of-turn token, which the model must learn to emit
            assertEquals(List.of(eos, eos), runs.stream().map(r -> r[r.length - 1]).toList());
            assertEquals(runs.get(0).length + runs.get(1).length, tokens.assistantCount());
        }
    }

    @Test
    void aConversationWithoutAnAssistantTurnMarksNothing() throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.open(Stories260K.imported())) {
            ChatTokens tokens = ChatTokens.of(ChatTemplate.tulu("<s>", "</s>"), tokenizer, List.of(ChatMessage.user("Hi")));
            assertEquals(0, tokens.assistantCount());
        }
    }

    private static List<int[]> markedRuns(ChatTokens tokens) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= tokens.ids().length; i++) {
            boolean marked = i < tokens.ids().length && tokens.assistant()[i];
            if (marked && start < 0) {
                start = i;
            } else if (!marked && start >= 0) {
                runs.add(Arrays.copyOfRange(tokens.ids(), start, i));
                start = -1;
            }
        }
        return runs;
    }
}
