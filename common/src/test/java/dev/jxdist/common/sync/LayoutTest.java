package dev.jxdist.common.sync;

import static dev.jxdist.common.sync.SyncFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.files.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {

  @TempDir Path tmp;

  private static final String GREETER =
      "package fx;\n"
          + "public class Greeter {\n"
          + "  public static String greet() throws java.io.IOException {\n"
          + "    try (java.io.InputStream in ="
          + " Greeter.class.getResourceAsStream(\"/fx/greeting.txt\")) {\n"
          + "      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);\n"
          + "    }\n"
          + "  }\n"
          + "}\n";

  /** Compiles fx.Greeter into a class directory and puts its resource in a jar. */
  private List<Path> compiledClasspath() throws IOException {
    Path src = write(tmp.resolve("local/src/fx/Greeter.java"), GREETER);
    Path classes = Files.createDirectories(tmp.resolve("local/classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK compiler").isNotNull();
    int status =
        javac.run(null, null, null, "--release", "17", "-d", classes.toString(), src.toString());
    assertThat(status).isZero();

    Path jar = tmp.resolve("local/lib/greeting-1.0.jar");
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jout = new JarOutputStream(out)) {
      jout.putNextEntry(new JarEntry("fx/greeting.txt"));
      jout.write("hello from a laid-out jar".getBytes(StandardCharsets.UTF_8));
      jout.closeEntry();
    }
    Path emptyClasses = Files.createDirectories(tmp.resolve("local/empty-classes"));
    return List.of(classes, jar, emptyClasses);
  }

  private LocalManifest manifest(List<Path> classpath, Path project) throws IOException {
    return new ManifestBuilder(HashCache.inMemory())
        .classpath(classpath)
        .project(project, ExcludeGlobs.of(List.of("target/**")))
        .build();
  }

  private static BlobStore storeWith(Path root, LocalManifest local) throws IOException {
    BlobStore store = new BlobStore(root);
    for (String h : local.manifest().blobs()) {
      try (InputStream in = Files.newInputStream(local.source(h).orElseThrow())) {
        store.put(h, in);
      }
    }
    return store;
  }

  private static Path project(Path dir) throws IOException {
    write(dir.resolve("data/input.txt"), "input");
    write(dir.resolve("bin/run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        dir.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    write(dir.resolve("target/junk"), "junk");
    return dir;
  }

  @Test
  void aClassLoaderOverTheLaidOutClasspathLoadsTheClassAndReadsTheJarResource() throws Exception {
    LocalManifest local = manifest(compiledClasspath(), project(tmp.resolve("local/project")));
    BlobStore store = storeWith(tmp.resolve("host/cache"), local);
    Path session = tmp.resolve("host/sessions/s1");

    Workspace ws = new Layout(store).materialize(local.manifest(), session);

    assertThat(ws.classpath())
        .containsExactly(
            session.resolve("cp/001-classes"),
            session.resolve("cp/002-greeting-1.0.jar"),
            session.resolve("cp/003-empty-classes"));
    assertThat(ws.classpath().get(2)).isEmptyDirectory();
    List<URL> urls = new ArrayList<>();
    for (Path p : ws.classpath()) {
      urls.add(p.toUri().toURL());
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      Class<?> greeter = loader.loadClass("fx.Greeter");
      Method greet = greeter.getMethod("greet");

      assertThat(greet.invoke(null)).isEqualTo("hello from a laid-out jar");
      assertThat(Path.of(greeter.getProtectionDomain().getCodeSource().getLocation().toURI()))
          .isEqualTo(session.resolve("cp/001-classes"));
      assertThat(loader.getResource("fx/greeting.txt").toString())
          .startsWith("jar:")
          .endsWith(session.resolve("cp/002-greeting-1.0.jar") + "!/fx/greeting.txt");
    }
  }

  @Test
  void filesAreReadOnlyLinksToTheirBlobsAndExecutablesAreCopies() throws IOException {
    Path localProject = project(tmp.resolve("local/project"));
    LocalManifest local = manifest(compiledClasspath(), localProject);
    BlobStore store = storeWith(tmp.resolve("host/cache"), local);

    Workspace ws = new Layout(store).materialize(local.manifest(), tmp.resolve("host/sessions/s1"));

    Path project = ws.projectDirectory().orElseThrow();
    assertThat(project).isEqualTo(tmp.resolve("host/sessions/s1/project"));
    assertThat(project.resolve("data/input.txt")).hasContent("input");
    assertThat(project.resolve("target")).doesNotExist();
    Path input = project.resolve("data/input.txt");
    assertThat(Files.isSameFile(input, store.path(ContentHash.of(input)))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(input)))
        .isEqualTo("r--------");

    Path script = project.resolve("bin/run.sh");
    assertThat(Files.isSameFile(script, store.path(ContentHash.of(script)))).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
        .isEqualTo("r-x------");

    int files = local.manifest().entries().size();
    assertThat(ws.filesCopied()).isEqualTo(1);
    assertThat(ws.filesLinked()).isEqualTo(files - 1);
    assertThat(Files.isWritable(project)).isTrue(); // tests may create files next to their data
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.root())))
        .as("the session directory")
        .isEqualTo("rwx------");
  }

  @Test
  void aMissingBlobIsNamedBeforeAnythingIsCreated() throws IOException {
    LocalManifest local = manifest(compiledClasspath(), project(tmp.resolve("local/project")));
    BlobStore store = storeWith(tmp.resolve("host/cache"), local);
    Manifest.Entry input =
        local.manifest().entries().stream()
            .filter(e -> e.path().equals("project/data/input.txt"))
            .findFirst()
            .orElseThrow();
    Files.delete(store.path(input.sha256()));
    Path session = tmp.resolve("host/sessions/s1");

    assertThatThrownBy(() -> new Layout(store).materialize(local.manifest(), session))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("blob " + input.sha256() + " of project/data/input.txt is missing");
    assertThat(session).doesNotExist();
  }

  @Test
  void aSessionDirectoryMustBeFreshAndIsRemovedWithoutTouchingTheStore() throws IOException {
    LocalManifest local = manifest(compiledClasspath(), project(tmp.resolve("local/project")));
    BlobStore store = storeWith(tmp.resolve("host/cache"), local);
    Path session = tmp.resolve("host/sessions/s1");
    Layout layout = new Layout(store);
    Workspace ws = layout.materialize(local.manifest(), session);
    Files.writeString(ws.projectDirectory().orElseThrow().resolve("written-by-a-test.txt"), "x");

    assertThatThrownBy(() -> layout.materialize(local.manifest(), session))
        .hasMessageContaining("is not empty");

    long storeSize = store.size();
    FileTrees.delete(session);

    assertThat(session).doesNotExist();
    assertThat(store.missing(local.manifest())).isEmpty();
    assertThat(store.size()).isEqualTo(storeSize);
    assertThat(layout.materialize(local.manifest(), session).classpath()).hasSize(3);
  }
}
