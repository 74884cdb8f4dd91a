package dev.skillmerge.runtime.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.skillmerge.checkpoint.UserInputException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face chat template (Jinja, run by jinjava with the settings transformers uses: trim_blocks and
 * lstrip_blocks, plus its raise_exception and strftime_now helpers) that turns a conversation into the
 * prompt text the model was trained on.
 *
 * @param source              the Jinja text
 * @param includesSpecialTokens whether the template writes BOS itself (a model's own template does, as in
 *                            transformers' apply_chat_template); the built-in one leaves BOS to the tokenizer
 */
public record ChatTemplate(String name, String source, boolean includesSpecialTokens, String bosToken, String eosToken) {
    /**
     * The Tulu format of AllenAI's open-instruct (used by the models skillmerge fine-tunes), for models whose
     * tokenizer_config.json has no template: {@code <|user|>\n...\n<|assistant|>\n...</s>\n}.
     */
    public static final String TULU = "{% for message in messages %}"
            + "{% if message['role'] == 'system' %}{{ '<|system|>\\n' + message['content'] + '\\n' }}"
            + "{% elif message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + '\\n' }}"
            + "{% elif message['role'] == 'assistant' %}"
            + "{% if not loop.last %}{{ '<|assistant|>\\n' + message['content'] + eos_token + '\\n' }}"
            + "{% else %}{{ '<|assistant|>\\n' + message['content'] + eos_token }}{% endif %}"
            + "{% endif %}"
            + "{% if loop.last and add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}"
            + "{% endfor %}";

    private static final Jinjava JINJAVA = newJinjava();

    public static ChatTemplate tulu(String bosToken, String eosToken) {
        return new ChatTemplate("built-in Tulu", TULU, false, bosToken, eosToken);
    }

    /** The prompt for {@code messages}; with {@code addGenerationPrompt} it ends where the assistant's reply begins. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) throws UserInputException {
        return source.equals(TULU) ? renderTulu(messages, addGenerationPrompt) : renderWithJinjava(messages, addGenerationPrompt);
    }

    /**
     * The built-in Tulu template written out in Java, character for character what jinjava renders from
     * {@link #TULU} (tested): the trainer renders every conversation three times, and jinjava takes about a
     * millisecond per render.
     */
    String renderTulu(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            boolean last = i == messages.size() - 1;
            switch (m.role()) {
                case "system" -> s.append("<|system|>\n").append(m.content()).append('\n');
                case "user" -> s.append("<|user|>\n").append(m.content()).append('\n');
                case "assistant" -> s.append("<|assistant|>\n").append(m.content()).append(eosToken).append(last ? "" : "\n");
                default -> {
                }
            }
            if (last && addGenerationPrompt) {
                s.append("<|assistant|>\n");
            }
        }
        return s.toString();
    }

    String renderWithJinjava(List<ChatMessage> messages, boolean addGenerationPrompt) throws UserInputException {
        List<Map<String, Object>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        Map<String, Object> context = new HashMap<>();
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result = JINJAVA.renderForResult(PythonIdioms.rewrite(source), context);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                Throwable raised = error.getException();
                while (raised != null && !(raised instanceof TemplateFunctions.Raised)) {
                    raised = raised.getCause();
                }
                throw new UserInputException("chat template (" + name + "): " + (raised != null ? raised.getMessage()
                        : error.getMessage() + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "")));
            }
        }
        return result.getOutput();
    }

    private static Jinjava newJinjava() {
        // the overrides make jinjava parse like Jinja 3: {{- -}} trimming, Python operator precedence and
        // backslash escapes, Python-style rendering of values
        LegacyOverrides jinja3 = LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true)
                .withParseWhitespaceControlStrictly(true).withUseNaturalOperatorPrecedence(true).withHandleBackslashInQuotesOnly(true)
                .withKeepNullableLoopValues(true).withUsePyishObjectMapper(true).build();
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
                .withLegacyOverrides(jinja3).withFailOnUnknownTokens(false).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                "strftimeNow", String.class));
        PythonIdioms.filters().forEach(jinjava.getGlobalContext()::registerFilter);
        return jinjava;
    }

    /** The helpers transformers passes to chat templates. */
    public static final class TemplateFunctions {
        private TemplateFunctions() {
        }

        public static String raiseException(String message) {
            throw new Raised(message);
        }

        /** What a template's raise_exception throws: its message is the user-facing error. */
        static final class Raised extends RuntimeException {
            Raised(String message) {
                super(message);
            }
        }

        /** Today's date in a strftime format; templates use it for "Today Date: 26 Jul 2024" lines. */
        public static String strftimeNow(String format) {
            String pattern = format.replace("%d", "dd").replace("%b", "MMM").replace("%B", "MMMM").replace("%Y", "yyyy")
                    .replace("%m", "MM").replace("%y", "yy");
            return LocalDate.now().format(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH));
        }
    }
}
