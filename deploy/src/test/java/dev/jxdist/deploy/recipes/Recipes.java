package dev.jxdist.deploy.recipes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The recipes in deploy/ (systemd, container, kubernetes, ci), read as their tools read them: text,
 * or YAML documents as maps and lists.
 */
final class Recipes {

  /** The folders that hold recipes, under deploy/. */
  static final List<String> FOLDERS = List.of("systemd", "container", "kubernetes", "ci");

  private Recipes() {}

  /** The deploy/ folder (the module's, where Maven runs its tests). */
  static Path deploy() {
    Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (!Files.isDirectory(base.resolve("systemd"))) {
      throw new IllegalStateException(
          base + " holds no systemd/ folder; run this test from the deploy module");
    }
    return base;
  }

  /** The version of jxdist the build makes, which the recipes name (images, downloads). */
  static String version() {
    String version = System.getProperty("jxdist.version");
    if (version == null) {
      throw new IllegalStateException(
          "system property jxdist.version is not set; run this test with Maven from deploy/");
    }
    return version;
  }

  /** Every recipe file, as a path relative to deploy/ ("kubernetes/agent.yaml"). */
  static List<String> all() {
    List<String> files = new ArrayList<>();
    for (String folder : FOLDERS) {
      try (Stream<Path> walk = Files.walk(deploy().resolve(folder))) {
        walk.filter(Files::isRegularFile)
            .map(p -> deploy().relativize(p).toString())
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list deploy/" + folder, e);
      }
    }
    return files;
  }

  /** The text of {@code recipe}. */
  static String text(String recipe) {
    try {
      return Files.readString(deploy().resolve(recipe), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read deploy/" + recipe, e);
    }
  }

  /** The YAML documents of {@code recipe}, each a map. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> yaml(String recipe) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(new LoaderOptions()).loadAll(text(recipe))) {
      if (!(document instanceof Map)) {
        throw new AssertionError("deploy/" + recipe + " holds a document that is not a map");
      }
      documents.add((Map<String, Object>) document);
    }
    return documents;
  }

  /** The one YAML document of {@code recipe} whose kind is {@code kind}. */
  static Node document(String recipe, String kind) {
    List<Node> found =
        yaml(recipe).stream()
            .map(d -> new Node("deploy/" + recipe + " " + kind, d))
            .filter(d -> kind.equals(d.get("kind").orElse(null)))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError("deploy/" + recipe + " has " + found.size() + " " + kind + "s");
    }
    return found.get(0);
  }
}
