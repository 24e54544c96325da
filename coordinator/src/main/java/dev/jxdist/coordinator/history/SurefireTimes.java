package dev.jxdist.coordinator.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each test class took in an earlier {@code mvn test}, from the reports Surefire left in
 * the module ({@code target/surefire-reports/TEST-*.xml}): what a run without a durations history
 * of its own can order the classes by. A project that moves to jxdist has usually been tested with
 * Maven before; without this its first run hands the classes out blind, and a long class that comes
 * last by name ends the run alone.
 *
 * <p>Each report's {@code <testsuite name=... time=...>} gives a class's time in seconds; a nested
 * class that Surefire reported on its own ({@code fx.Outer$Inner}, JUnit 4's provider) counts for
 * its top-level class, as jxdist runs them together. Only the opening tag of each file is read.
 * Times only order the work: a stale report can make a run slower, never change a result.
 *
 * <p>The directory is read the first time a time is asked for, so a run whose history knows every
 * class never reads it. A missing directory, or a file that is not a Surefire report (unreadable,
 * not XML, no name or time), is passed over. Not thread-safe.
 */
public final class SurefireTimes {

  private static final Logger log = LoggerFactory.getLogger(SurefireTimes.class);

  private static final SurefireTimes NONE = new SurefireTimes(Optional.empty());

  private final Optional<Path> directory;
  private Map<String, Double> seconds;

  private SurefireTimes(Optional<Path> directory) {
    this.directory = directory;
  }

  /** The times of the reports in {@code directory}, read when first asked for. */
  public static SurefireTimes in(Path directory) {
    return new SurefireTimes(Optional.of(directory));
  }

  /** The times of {@code directory}'s reports if there is such a directory, else none. */
  public static SurefireTimes in(Optional<Path> directory) {
    return directory.map(SurefireTimes::in).orElse(NONE);
  }

  /** No reports: every class is unknown. */
  public static SurefireTimes none() {
    return NONE;
  }

  /** The seconds Surefire measured for top-level class {@code className}, if it reported it. */
  public OptionalDouble seconds(String className) {
    Double s = byClass().get(className);
    return s == null ? OptionalDouble.empty() : OptionalDouble.of(s);
  }

  /** The seconds of all the classes Surefire reported, if it reported any. */
  public OptionalDouble total() {
    Map<String, Double> all = byClass();
    return all.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(all.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  private Map<String, Double> byClass() {
    if (seconds == null) {
      seconds = directory.map(SurefireTimes::read).orElse(Map.of());
    }
    return seconds;
  }

  private static Map<String, Double> read(Path directory) {
    Map<String, Double> out = new HashMap<>();
    int passedOver = 0;
    try (DirectoryStream<Path> reports = Files.newDirectoryStream(directory, "TEST-*.xml")) {
      XMLInputFactory xml = factory();
      for (Path report : reports) {
        Optional<Suite> suite = suite(xml, report);
        if (suite.isPresent()) {
          out.merge(topLevel(suite.get().name()), suite.get().seconds(), Double::sum);
        } else {
          passedOver++;
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Map.of();
    } catch (IOException e) {
      log.debug("cannot list the Surefire reports in {}: {}", directory, e.toString());
      return Map.of();
    }
    log.debug(
        "{} class times from the Surefire reports in {} ({} files passed over)",
        out.size(),
        directory,
        passedOver);
    return out;
  }

  /** A parser that reads no DTD and resolves no entity: the files are data, not instructions. */
  private static XMLInputFactory factory() {
    XMLInputFactory xml = XMLInputFactory.newFactory();
    xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return xml;
  }

  /** What one report's opening tag says. */
  private record Suite(String name, double seconds) {}

  /** The name and time of {@code report}'s {@code <testsuite>}, if it is a Surefire report. */
  private static Optional<Suite> suite(XMLInputFactory xml, Path report) {
    try (InputStream in = Files.newInputStream(report)) {
      XMLStreamReader reader = xml.createXMLStreamReader(in);
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT) {
            return reader.getLocalName().equals("testsuite")
                ? suite(
                    reader.getAttributeValue(null, "name"), reader.getAttributeValue(null, "time"))
                : Optional.empty();
          }
        }
        return Optional.empty();
      } finally {
        reader.close();
      }
    } catch (IOException | XMLStreamException e) {
      log.debug("passed over {}: {}", report, e.toString());
      return Optional.empty();
    }
  }

  private static Optional<Suite> suite(String name, String time) {
    if (name == null || name.isBlank() || time == null) {
      return Optional.empty();
    }
    try {
      // Surefire 2 wrote times with the locale's grouping separator: 1,234.5.
      double seconds = Double.parseDouble(time.replace(",", ""));
      return Double.isFinite(seconds) && seconds >= 0
          ? Optional.of(new Suite(name, seconds))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code fx.Outer} for {@code fx.Outer$Inner}: the class jxdist runs it with. */
  private static String topLevel(String className) {
    int nested = className.indexOf('$');
    return nested < 0 ? className : className.substring(0, nested);
  }
}
