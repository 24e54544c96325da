package dev.jxdist.deploy.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A map in a parsed YAML document, walked by dotted paths ({@code spec.template.spec}); a missing
 * or mistyped entry fails naming the document and the path.
 *
 * @param where the document and the path to this map, for messages
 * @param map the map
 */
record Node(String where, Map<?, ?> map) {

  /** The value at {@code key} (one key, no dots), if there is one. */
  Optional<Object> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  /** The value at the dotted {@code path}; fails if it is missing. */
  Object value(String path) {
    Object current = map;
    StringBuilder walked = new StringBuilder(where);
    for (String key : path.split("\\.")) {
      walked.append('.').append(key);
      if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
        throw new AssertionError(walked + " is missing");
      }
      current = m.get(key);
    }
    return current;
  }

  /** The map at {@code path}. */
  Node node(String path) {
    Object value = value(path);
    if (!(value instanceof Map<?, ?> m)) {
      throw new AssertionError(where + "." + path + " is not a map: " + value);
    }
    return new Node(where + "." + path, m);
  }

  /** The text at {@code path} (a number or boolean as YAML wrote it). */
  String text(String path) {
    return String.valueOf(value(path));
  }

  /** The maps in the list at {@code path}. */
  List<Node> nodes(String path) {
    List<Node> nodes = new ArrayList<>();
    int i = 0;
    for (Object item : list(path)) {
      if (!(item instanceof Map<?, ?> m)) {
        throw new AssertionError(where + "." + path + "[" + i + "] is not a map: " + item);
      }
      nodes.add(new Node(where + "." + path + "[" + i++ + "]", m));
    }
    return nodes;
  }

  /** The list at {@code path}, each item as text. */
  List<String> texts(String path) {
    return list(path).stream().map(String::valueOf).toList();
  }

  /** The map in the list at {@code path} whose {@code name} is {@code name}. */
  Node named(String path, String name) {
    return nodes(path).stream()
        .filter(n -> name.equals(n.get("name").map(String::valueOf).orElse(null)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(where + "." + path + " has no '" + name + "'"));
  }

  private List<?> list(String path) {
    Object value = value(path);
    if (!(value instanceof List<?> l)) {
      throw new AssertionError(where + "." + path + " is not a list: " + value);
    }
    return l;
  }
}
