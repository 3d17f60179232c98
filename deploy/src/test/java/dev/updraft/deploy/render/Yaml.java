package dev.updraft.deploy.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Multi-document YAML to plain maps and lists; SafeConstructor, so no YAML tag builds a Java object. */
public final class Yaml {

    private Yaml() {
    }

    public static List<Map<String, Object>> documents(String text, String source) {
        var loader = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : loader.loadAll(text)) {
            if (doc == null) {
                continue; // an empty document between two `---`
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new RenderException(source + ": a document is not a mapping but " + doc.getClass().getSimpleName());
            }
            docs.add(cast(map));
        }
        return docs;
    }

    public static Map<String, Object> single(String text, String source) {
        List<Map<String, Object>> docs = documents(text, source);
        if (docs.size() != 1) {
            throw new RenderException(source + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    public static Object any(String text) {
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
