package dev.skillmerge.checkpoint;

/**
 * A problem with what the user gave us (a file, a folder, a config, an option), as opposed to a bug.
 * The message is one line that names the file or item and says what is wrong; the CLI prints only
 * the message and exits with code 2.
 */
public class UserInputException extends Exception {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A one-line message about one file: "{@code path: problem}". */
    public static UserInputException about(java.nio.file.Path file, String problem) {
        return new UserInputException(file + ": " + problem);
    }
}
