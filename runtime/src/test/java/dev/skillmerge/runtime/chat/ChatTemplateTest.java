package dev.skillmerge.runtime.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.skillmerge.checkpoint.UserInputException;
import dev.skillmerge.runtime.testing.NpmTokenizers;
import dev.skillmerge.runtime.tokenizer.TokenizerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    @Test
    void tuluTemplateAsksForTheAssistantTurn() throws Exception {
        ChatTemplate tulu = ChatTemplate.tulu("<s>", "</s>");
        assertEquals("<|user|>\nHi\n<|assistant|>\n", tulu.render(List.of(ChatMessage.user("Hi")), true));
        assertEquals("<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\nHello!</s>\n<|user|>\nBye\n<|assistant|>\n",
                tulu.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"), ChatMessage.assistant("Hello!"),
                        ChatMessage.user("Bye")), true));
    }

    @Test
    void tuluIsRenderedInJavaExactlyAsJinjavaRendersIt() throws Exception {
        ChatTemplate tulu = ChatTemplate.tulu("<s>", "</s>");
        List<List<ChatMessage>> conversations = List.of(List.of(), List.of(ChatMessage.user("Hi")), List.of(ChatMessage.assistant("Only me.")),
                List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Hello!")),
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("a\nb"), ChatMessage.assistant("Hello!"),
                        ChatMessage.user("Bye"), ChatMessage.assistant("")),
                List.of(ChatMessage.user("Hi"), new ChatMessage("tool", "ignored"), ChatMessage.assistant("Yes."), new ChatMessage("tool", "last")));
        for (List<ChatMessage> c : conversations) {
            for (boolean prompt : new boolean[] {true, false}) {
                assertEquals(tulu.renderWithJinjava(c, prompt), tulu.renderTulu(c, prompt), c + " " + prompt);
                assertEquals(tulu.renderWithJinjava(c, prompt), tulu.render(c, prompt));
            }
        }
        // message text is data, never template code (as in transformers' Jinja2)
        assertEquals("<|user|>\n{{ x }} {% y %}\n<|assistant|>\n", tulu.render(List.of(ChatMessage.user("{{ x }} {% y %}")), true));
    }

    @Test
    void llama3TemplateFromTokenizerConfigRendersHeadersAndBos() throws Exception {
        TokenizerConfig config = TokenizerConfig.read(NpmTokenizers.folder("llama3"));
        ChatTemplate template = new ChatTemplate("llama3", config.chatTemplate().orElseThrow(), true,
                config.bosToken().orElseThrow(), config.eosToken().orElseThrow());
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                template.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user(" Hi ")), true));
    }

    @Test
    void qwen3TemplateRunsItsPythonStringMethods() throws Exception {
        TokenizerConfig config = TokenizerConfig.read(NpmTokenizers.folder("qwen3"));
        ChatTemplate template = new ChatTemplate("qwen3", config.chatTemplate().orElseThrow(), true, "", config.eosToken().orElseThrow());
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", template.render(List.of(ChatMessage.user("Hi")), true));
        // an earlier assistant turn loses its <think> block (split / lstrip in the template)
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n"
                        + "<|im_start|>assistant\n",
                template.render(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("<think>\nhmm\n</think>\n\nHello"),
                        ChatMessage.user("Bye")), true));
    }

    @Test
    void raiseExceptionInATemplateBecomesAUserError() {
        ChatTemplate strict = new ChatTemplate("strict", "{% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversations"
                + " must start with a user message') }}{% endif %}", true, "", "");
        UserInputException e = assertThrows(UserInputException.class, () -> strict.render(List.of(ChatMessage.assistant("x")), true));
        assertEquals("chat template (strict): Conversations must start with a user message", e.getMessage());
    }
}
