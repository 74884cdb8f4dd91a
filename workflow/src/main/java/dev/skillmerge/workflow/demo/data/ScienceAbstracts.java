package dev.skillmerge.workflow.demo.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Short synthetic abstracts naming chemicals, proteins and diseases, the inputs of the science skill
 * (SciRIFF's entity extraction at toy scale). Names are made up from syllables with the suffixes of their
 * kind (chemicals "-ol", "-ide", "-mycin", ...; proteins "X kinase", "KEL4"; diseases "X syndrome",
 * "-itis"), so the kind of an entity can be read from the name and its context, never from memory.
 */
public final class ScienceAbstracts {
    public enum Kind {
        CHEMICAL("chemicals"), PROTEIN("proteins"), DISEASE("diseases");

        final String plural;

        Kind(String plural) {
            this.plural = plural;
        }

        public String plural() {
            return plural;
        }
    }

    /** An abstract and the entities of each kind in order of first mention. */
    public record Abstract(String text, List<String> chemicals, List<String> proteins, List<String> diseases) {
        public List<String> of(Kind kind) {
            return switch (kind) {
                case CHEMICAL -> chemicals;
                case PROTEIN -> proteins;
                case DISEASE -> diseases;
            };
        }
    }

    private static final List<String> CHEMICAL_SUFFIXES = List.of("ol", "ide", "ine", "ate", "azole", "amine", "mycin", "statin", "oxin");
    private static final List<String> PROTEIN_HEADS = List.of("kinase", "receptor", "protease", "factor", "transporter", "synthase");
    private static final List<String> DISEASE_FORMS = List.of("%s syndrome", "%s disease", "%sitis", "%soma", "%s fever");
    private static final List<String> PLACES = List.of("mice", "rats", "patients", "cell lines", "zebrafish", "volunteers", "tissue samples");

    private ScienceAbstracts() {
    }

    static String chemical(Draw d) {
        return d.word(d.between(1, 2)) + d.pick(CHEMICAL_SUFFIXES);
    }

    static String protein(Draw d) {
        return d.chance(0.35) ? d.word(1).toUpperCase(java.util.Locale.ROOT) + d.between(1, 9) : d.word(2) + " " + d.pick(PROTEIN_HEADS);
    }

    static String disease(Draw d) {
        return d.pick(DISEASE_FORMS).formatted(d.chance(0.5) ? Draw.capitalize(d.word(2)) : d.word(2));
    }

    /** Two to four sentences mentioning 1-3 chemicals, 1-3 proteins and 0-2 diseases. */
    public static Abstract draw(Draw d) {
        List<String> chems = distinct(d, 1 + d.between(0, 2), ScienceAbstracts::chemical);
        List<String> prots = distinct(d, 1 + d.between(0, 2), ScienceAbstracts::protein);
        List<String> dis = distinct(d, d.between(0, 2), ScienceAbstracts::disease);
        String subjects = d.pick(PLACES);
        List<String> sentences = new ArrayList<>();
        Set<String> chemicals = new LinkedHashSet<>();
        Set<String> proteins = new LinkedHashSet<>();
        Set<String> diseases = new LinkedHashSet<>();
        // every entity is mentioned at least once; pairs are drawn so that the sentences vary
        int c = 0;
        int p = 0;
        int s = 0;
        while (c < chems.size() || p < prots.size() || s < dis.size()) {
            String chem = chems.get(Math.min(c, chems.size() - 1));
            String prot = prots.get(Math.min(p, prots.size() - 1));
            String sentence;
            if (s < dis.size() && d.chance(0.5)) {
                String disease = dis.get(s++);
                diseases.add(disease);
                if (d.chance(0.5)) {
                    sentence = d.pick("Treatment with %s reduced the symptoms of %s in %s.", "%s improved outcomes of %s in %s.",
                            "We tested %s as a therapy for %s in %s.").formatted(chem, disease, subjects);
                    chemicals.add(chem);
                    c++;
                } else {
                    sentence = d.chance(0.5) ? "Levels of %s were elevated in %s with %s.".formatted(prot, subjects, disease)
                            : "Loss of %s is linked to %s in %s.".formatted(prot, disease, subjects);
                    proteins.add(prot);
                    p++;
                }
            } else {
                sentence = d.pick("%s inhibited %s in %s.", "We found that %s binds %s.", "%s strongly activated %s.",
                        "The effect of %s on %s was measured in %s.").formatted(chem, prot, subjects);
                chemicals.add(chem);
                proteins.add(prot);
                c++;
                p++;
            }
            sentences.add(Draw.capitalize(sentence));
        }
        if (d.chance(0.5)) {
            sentences.add(d.pick("The study included %d %s.", "Results were confirmed in %d independent %s.").formatted(d.between(3, 90), subjects));
        }
        return new Abstract(String.join(" ", sentences), List.copyOf(chemicals), List.copyOf(proteins), List.copyOf(diseases));
    }

    private static List<String> distinct(Draw d, int count, java.util.function.Function<Draw, String> make) {
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            String x = make.apply(d);
            if (!out.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }
}
