package dev.updraft.live.engine;

import java.util.List;
import java.util.regex.Pattern;

/** Topic-name patterns from configuration, where {@code *} matches any run of characters. */
public final class TopicPatterns {

    private final List<Pattern> patterns;

    public TopicPatterns(List<String> globs) {
        this.patterns = globs.stream().map(TopicPatterns::compile).toList();
    }

    public boolean matches(String topic) {
        for (Pattern p : patterns) {
            if (p.matcher(topic).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
