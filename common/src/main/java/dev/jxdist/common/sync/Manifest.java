package dev.jxdist.common.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a classpath and its project files need on a host: every file by logical path with its
 * SHA-256, size and executable bit, the classpath roots in order, and the synced directories.
 *
 * <p>Logical paths are {@code /}-separated and relative. Classpath entry number {@code i} (counted
 * from 1, zero-padded to at least three digits) lives at {@code cp/<iii>-<file name>}: a jar is the
 * single file {@code cp/003-guava-33.jar}, a class directory is a directory {@code
 * cp/001-test-classes} whose files are entries below it ({@code cp/001-test-classes/fx/A.class}). A
 * synced directory (such as {@value #PROJECT}) is a top-level name whose files are below it ({@code
 * project/data/x.txt}). Entries are kept sorted by path (Java {@code String} order), so equal
 * manifests are equal records and serialize to equal bytes.
 *
 * <p>The text form ({@link #toBytes}, {@link #parse}) is UTF-8, one item a line, each line ended by
 * {@code \n}:
 *
 * <pre>
 * jxdist-manifest 1
 * directory project
 * classpath cp/001-test-classes
 * classpath cp/002-guava-33.jar
 * &lt;sha256&gt; &lt;size&gt; &lt;x|-&gt; &lt;path&gt;      (one line per file, sorted by path)
 * </pre>
 *
 * <p>The header comes first; then {@code directory} lines, {@code classpath} lines in classpath
 * order, and file lines (64 lowercase hex digits, the size in bytes in decimal, {@code x} if the
 * file is executable else {@code -}, the logical path). A path is the rest of its line; in it
 * {@code %}, control characters and DEL are written {@code %XX}. {@link #hash} is the SHA-256 of
 * this text, which names the manifest.
 *
 * @param directories the synced directories' names, each one path segment, in a stable order
 * @param classpath the classpath roots as logical paths, in classpath order
 * @param entries the files; stored sorted by path whatever order they are given in
 */
public record Manifest(List<String> directories, List<String> classpath, List<Entry> entries) {

  /** First line of the text form. */
  public static final String HEADER = "jxdist-manifest 1";

  /** The top-level logical directory that holds the classpath roots. */
  public static final String CLASSPATH_DIRECTORY = "cp";

  /**
   * The logical name of a synced project directory (the working directory of tests) whose own name
   * cannot be one ({@link #projectName}).
   */
  public static final String PROJECT = "project";

  /**
   * The logical name of the project directory {@code dir}: its own name, so that a test that looks
   * at its working directory's name (a module's {@code pom.xml} in {@code alpha/}) sees on a host
   * what it sees here; {@value #PROJECT} where that name cannot be a top-level logical name, or has
   * a control character (a host prints its laid-out path on a line of its own).
   */
  public static String projectName(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      return PROJECT;
    }
    String own = name.toString();
    try {
      checkPath(own);
    } catch (IllegalArgumentException e) {
      return PROJECT;
    }
    boolean control = own.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    return control || own.equals(CLASSPATH_DIRECTORY) ? PROJECT : own;
  }

  /**
   * One file of a manifest.
   *
   * @param path logical path, {@code /}-separated, without empty, {@code .} or {@code ..} segments
   * @param sha256 the content hash, 64 lowercase hex digits
   * @param size the length in bytes
   * @param executable whether the file is executable by its owner
   */
  public record Entry(String path, String sha256, long size, boolean executable) {

    public Entry {
      checkPath(path);
      ContentHash.requireValid(sha256);
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size + " for " + path);
      }
    }
  }

  public Manifest {
    directories = List.copyOf(directories);
    classpath = List.copyOf(classpath);
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::path));
    entries = List.copyOf(sorted);
    validate(directories, classpath, entries);
  }

  /** The distinct blob hashes the entries need, sorted. */
  public SortedSet<String> blobs() {
    SortedSet<String> out = new TreeSet<>();
    for (Entry e : entries) {
      out.add(e.sha256());
    }
    return out;
  }

  /** The sum of the entries' sizes. */
  public long totalBytes() {
    long sum = 0;
    for (Entry e : entries) {
      sum += e.size();
    }
    return sum;
  }

  /** The entries' sizes by distinct blob: what a host with an empty store must receive. */
  public Map<String, Long> blobSizes() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      out.putIfAbsent(e.sha256(), e.size());
    }
    return out;
  }

  /** The SHA-256 of the text form: equal manifests have equal hashes. */
  public String hash() {
    return ContentHash.of(toBytes());
  }

  /** The text form, described in the class documentation. */
  public byte[] toBytes() {
    StringBuilder out = new StringBuilder(64 + entries.size() * 120);
    out.append(HEADER).append('\n');
    for (String d : directories) {
      out.append("directory ").append(PathText.escape(d)).append('\n');
    }
    for (String c : classpath) {
      out.append("classpath ").append(PathText.escape(c)).append('\n');
    }
    for (Entry e : entries) {
      out.append(e.sha256())
          .append(' ')
          .append(e.size())
          .append(' ')
          .append(e.executable() ? 'x' : '-')
          .append(' ')
          .append(PathText.escape(e.path()))
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the text form.
   *
   * @throws IOException naming the line at fault if the bytes are not a valid manifest
   */
  public static Manifest parse(byte[] bytes) throws IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("manifest is not valid UTF-8", e);
    }
    if (!text.endsWith("\n")) {
      throw new IOException("manifest does not end with a newline; it was cut short");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new IOException("manifest line 1: expected '" + HEADER + "'");
    }
    List<String> directories = new ArrayList<>();
    List<String> classpath = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      try {
        if (line.startsWith("directory ")) {
          directories.add(PathText.unescape(line.substring("directory ".length())));
        } else if (line.startsWith("classpath ")) {
          classpath.add(PathText.unescape(line.substring("classpath ".length())));
        } else {
          entries.add(parseEntry(line));
        }
      } catch (IllegalArgumentException e) {
        throw new IOException("manifest line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    try {
      return new Manifest(directories, classpath, entries);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid manifest: " + e.getMessage(), e);
    }
  }

  private static Entry parseEntry(String line) {
    String[] f = line.split(" ", 4);
    if (f.length != 4) {
      throw new IllegalArgumentException("expected '<sha256> <size> <x|-> <path>'");
    }
    if (!f[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("bad size '" + f[1] + "'");
    }
    boolean executable;
    if (f[2].equals("x")) {
      executable = true;
    } else if (f[2].equals("-")) {
      executable = false;
    } else {
      throw new IllegalArgumentException("mode must be 'x' or '-', not '" + f[2] + "'");
    }
    return new Entry(PathText.unescape(f[3]), f[0], Long.parseLong(f[1]), executable);
  }

  private static void validate(
      List<String> directories, List<String> classpath, List<Entry> entries) {
    Set<String> dirs = new HashSet<>();
    for (String d : directories) {
      checkPath(d);
      if (d.indexOf('/') >= 0 || d.equals(CLASSPATH_DIRECTORY)) {
        throw new IllegalArgumentException(
            "directory '"
                + d
                + "' must be one path segment other than '"
                + CLASSPATH_DIRECTORY
                + "'");
      }
      if (!dirs.add(d)) {
        throw new IllegalArgumentException("directory '" + d + "' is listed twice");
      }
    }
    Set<String> roots = new HashSet<>();
    for (String c : classpath) {
      checkPath(c);
      if (!c.startsWith(CLASSPATH_DIRECTORY + "/") || c.indexOf('/', 3) >= 0) {
        throw new IllegalArgumentException(
            "classpath root '" + c + "' must be 'cp/<name>', one segment below cp");
      }
      if (!roots.add(c)) {
        throw new IllegalArgumentException("classpath root '" + c + "' is listed twice");
      }
    }
    Set<String> paths = new HashSet<>();
    for (Entry e : entries) {
      if (!paths.add(e.path())) {
        throw new IllegalArgumentException("file '" + e.path() + "' is listed twice");
      }
    }
    for (Entry e : entries) {
      String p = e.path();
      int slash = p.indexOf('/');
      String top = slash < 0 ? p : p.substring(0, slash);
      if (top.equals(CLASSPATH_DIRECTORY)) {
        int second = p.indexOf('/', slash + 1);
        String root = second < 0 ? p : p.substring(0, second);
        if (!roots.contains(root)) {
          throw new IllegalArgumentException("file '" + p + "' is under no classpath root");
        }
      } else if (slash < 0 || !dirs.contains(top)) {
        throw new IllegalArgumentException("file '" + p + "' is under no listed directory");
      }
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        if (paths.contains(p.substring(0, i))) {
          throw new IllegalArgumentException(
              "'" + p.substring(0, i) + "' is listed both as a file and as a directory");
        }
      }
    }
  }

  /** Checks a logical path: relative, {@code /}-separated, no empty, {@code .} or {@code ..}. */
  static void checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("path contains NUL: '" + PathText.escape(path) + "'");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "path '"
                + PathText.escape(path)
                + "' must be relative, without empty, '.' or '..' parts");
      }
    }
  }
}
