package dev.skillmerge.eval.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.skillmerge.checkpoint.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A CSV file with a header row (RFC 4180 quoting), read as rows of column name -> value. */
public final class CsvTable {
    private static final CsvMapper MAPPER = new CsvMapper();

    private CsvTable() {
    }

    /** A row and its origin ("file:line"), so field errors name the place. */
    public record Row(String origin, Map<String, String> cells) {
        public String get(String column) throws UserInputException {
            String v = cells.get(column);
            if (v == null) {
                throw new UserInputException(origin + ": no column \"" + column + "\"");
            }
            return v;
        }
    }

    public static List<Row> read(Path file) throws UserInputException, IOException {
        try {
            return read(Files.newInputStream(file), file.toString());
        } catch (NoSuchFileException e) {
            throw UserInputException.about(file, "no such file");
        }
    }

    public static List<Row> read(InputStream in, String name) throws UserInputException, IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<Row> rows = new ArrayList<>();
        try (in; MappingIterator<Map<String, String>> it = MAPPER.readerForMapOf(String.class).with(schema)
                .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS).readValues(in)) {
            while (it.hasNextValue()) {
                // Line of the row's first character: records may span lines inside quotes.
                int line = it.getCurrentLocation().getLineNr();
                try {
                    rows.add(new Row(name + ":" + line, it.nextValue()));
                } catch (RuntimeException e) {
                    throw new UserInputException(name + ":" + line + ": not a valid CSV row: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserInputException(name + ": not a valid CSV file: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        return rows;
    }
}
