package dev.updraft.deploy.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/** One policy over a rendered overlay; each violation is a sentence naming the object and what to fix. */
public record Check(String id, Function<List<HasMetadata>, List<String>> rule) {

    public List<String> violations(List<HasMetadata> objects) {
        return rule.apply(objects);
    }

    @Override
    public String toString() {
        return id;
    }
}
