package dev.skillmerge.cli;

import picocli.CommandLine;

/** The version recorded in the jar manifest by the build, or "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SkillmergeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"skillmerge " + (v == null ? "dev" : v), "Java " + Runtime.version()};
    }
}
