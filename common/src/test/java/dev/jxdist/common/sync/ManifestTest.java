package dev.jxdist.common.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

  private static final String H1 = ContentHash.of("one".getBytes(StandardCharsets.UTF_8));
  private static final String H2 = ContentHash.of("two".getBytes(StandardCharsets.UTF_8));

  private static Manifest sample(List<Manifest.Entry> entries) {
    return new Manifest(
        List.of("project"), List.of("cp/001-test-classes", "cp/002-guava-33.jar"), entries);
  }

  @Test
  void serializesOneLinePerItemInTheDocumentedForm() {
    Manifest m =
        sample(
            List.of(
                new Manifest.Entry("project/run.sh", H2, 3, true),
                new Manifest.Entry("cp/002-guava-33.jar", H1, 3, false),
                new Manifest.Entry("cp/001-test-classes/fx/FooTest.class", H2, 3, false)));

    assertThat(new String(m.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "jxdist-manifest 1\n"
                + "directory project\n"
                + "classpath cp/001-test-classes\n"
                + "classpath cp/002-guava-33.jar\n"
                + H2
                + " 3 - cp/001-test-classes/fx/FooTest.class\n"
                + H1
                + " 3 - cp/002-guava-33.jar\n"
                + H2
                + " 3 x project/run.sh\n");
    assertThat(m.blobs()).containsExactlyInAnyOrder(H1, H2);
    assertThat(m.totalBytes()).isEqualTo(9);
  }

  @Test
  void entryOrderDoesNotMatterAndTheTextRoundTrips() throws IOException {
    var a = new Manifest.Entry("project/a b%c\nd.txt", H1, 3, false);
    var b = new Manifest.Entry("project/é/ß.txt", H2, 3, false);
    Manifest one = sample(List.of(a, b));
    Manifest two = sample(List.of(b, a));

    assertThat(one).isEqualTo(two);
    assertThat(one.toBytes()).isEqualTo(two.toBytes());
    assertThat(one.hash()).isEqualTo(two.hash());
    assertThat(new String(one.toBytes(), StandardCharsets.UTF_8))
        .contains("project/a b%25c%0Ad.txt\n");
    assertThat(Manifest.parse(one.toBytes())).isEqualTo(one);
  }

  @Test
  void parseNamesTheBadLine() {
    String head = "jxdist-manifest 1\ndirectory project\n";
    assertThatThrownBy(() -> parse(head + H1 + " 3 - project/../../etc/passwd\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> parse(head + "abc 3 - project/x\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> parse(head + H1 + " -3 - project/x\n")).hasMessageContaining("size");
    assertThatThrownBy(() -> parse(head + H1 + " 3 r project/x\n")).hasMessageContaining("mode");
    assertThatThrownBy(() -> parse(head + H1 + " 3 - /etc/passwd\n"))
        .hasMessageContaining("relative");
    assertThatThrownBy(() -> parse("jxdist-manifest 2\n")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> parse(head + H1 + " 3 - project/x")).hasMessageContaining("newline");
  }

  @Test
  void everyFileMustBelongToARootAndNoPathIsBothFileAndDirectory() {
    assertThatThrownBy(() -> sample(List.of(new Manifest.Entry("cp/009-x.jar", H1, 3, false))))
        .hasMessageContaining("no classpath root");
    assertThatThrownBy(() -> sample(List.of(new Manifest.Entry("data/x", H1, 3, false))))
        .hasMessageContaining("no listed directory");
    assertThatThrownBy(
            () ->
                sample(
                    List.of(
                        new Manifest.Entry("project/a", H1, 3, false),
                        new Manifest.Entry("project/a/b", H1, 3, false))))
        .hasMessageContaining("'project/a' is listed both as a file and as a directory");
    assertThatThrownBy(
            () ->
                sample(
                    List.of(
                        new Manifest.Entry("project/a", H1, 3, false),
                        new Manifest.Entry("project/a", H2, 3, false))))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new Manifest(List.of("cp"), List.of(), List.of()))
        .hasMessageContaining("other than 'cp'");
  }

  private static Manifest parse(String text) throws IOException {
    return Manifest.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
