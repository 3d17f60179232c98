package dev.updraft.aggregator.fanout;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request's {@code select}: one JSON pointer ({@code /checks/0/status}) replaces the body by the node it
 * points to; otherwise every entry is a top-level field (or a pointer, kept under its own text) copied into
 * a new object. Missing fields are left out. Non-JSON bodies are never touched.
 */
final class FieldSelection {

    private FieldSelection() {
    }

    static JsonNode apply(JsonNode body, List<String> select) {
        if (select == null || body == null || body.isTextual()) {
            return body;
        }
        if (select.size() == 1 && select.get(0).startsWith("/")) {
            JsonNode node = body.at(JsonPointer.compile(select.get(0)));
            return node.isMissingNode() ? null : node;
        }
        ObjectNode picked = JsonNodeFactory.instance.objectNode();
        for (String entry : select) {
            JsonNode node = entry.startsWith("/") ? body.at(JsonPointer.compile(entry)) : body.get(entry);
            if (node != null && !node.isMissingNode()) {
                picked.set(entry, node);
            }
        }
        return picked;
    }
}
